package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected values by hand, with z² = 1.959963984540054² = 3.8414588206941254 and the bounds written as
 * (f + z²/2 ± z·sqrt(f(n−f)/n + z²/4)) / (n + z²).
 */
class WilsonBoundTest {

    private static final double EXACT = 1e-12;

    @Test
    void noReportsMeanNothingIsKnown() {
        assertThat(WilsonBound.upper(0, 0)).isEqualTo(1.0);
        assertThat(WilsonBound.lower(0, 0)).isEqualTo(0.0);
    }

    @Test
    void noFailuresLeaveAnUpperBoundOfZSquaredOverNPlusZSquared() {
        // f = 0: the root is z/2, so upper = z² / (n + z²) = 3.8414588 / 13.8414588 = 0.2775328.
        assertThat(WilsonBound.upper(0, 10)).isCloseTo(0.2775327998628892, within(EXACT));
        assertThat(WilsonBound.lower(0, 10)).isEqualTo(0.0);
        // One report, a success: 3.8414588 / 4.8414588 = 0.7934507, nearly nothing learnt.
        assertThat(WilsonBound.upper(0, 1)).isCloseTo(0.7934506856227626, within(EXACT));
    }

    @Test
    void allFailedLeavesALowerBoundOfNOverNPlusZSquared() {
        // f = n: lower = n / (n + z²) = 10 / 13.8414588 = 0.7224672.
        assertThat(WilsonBound.lower(10, 10)).isCloseTo(0.7224672001371107, within(EXACT));
        assertThat(WilsonBound.upper(10, 10)).isEqualTo(1.0);
        // One report, a failure: 1 / 4.8414588 = 0.2065493.
        assertThat(WilsonBound.lower(1, 1)).isCloseTo(0.20654931437723742, within(EXACT));
    }

    @Test
    void oneFailureInTenMatchesThePublishedInterval() {
        // (1 + 1.9207294 ± 1.959964·sqrt(0.9 + 0.9603647)) / 13.8414588
        // = (2.9207294 ± 1.959964·1.3639519) / 13.8414588 = (2.9207294 ± 2.6732965) / 13.8414588
        assertThat(WilsonBound.lower(1, 10)).isCloseTo(0.017876213095072906, within(EXACT));
        assertThat(WilsonBound.upper(1, 10)).isCloseTo(0.4041500267952385, within(EXACT));
    }

    @Test
    void threeFailuresInForty() {
        // (3 + 1.9207294 ± 1.959964·sqrt(2.775 + 0.9603647)) / 43.8414588
        // = (4.9207294 ± 1.959964·1.9327092) / 43.8414588 = (4.9207294 ± 3.7880404) / 43.8414588
        assertThat(WilsonBound.lower(3, 40)).isCloseTo(0.0258360257745882, within(EXACT));
        assertThat(WilsonBound.upper(3, 40)).isCloseTo(0.19864233524310543, within(EXACT));
    }

    @ParameterizedTest
    @CsvSource({"0,1", "1,3", "2,8", "5,20", "13,40", "1,300", "299,300", "500,1000"})
    void theIntervalHoldsTheObservedRateAndMirrorsForSuccesses(int failures, int n) {
        double observed = (double) failures / n;
        assertThat(WilsonBound.lower(failures, n)).isBetween(0.0, observed);
        assertThat(WilsonBound.upper(failures, n)).isBetween(observed, 1.0);
        // The interval for failures is the interval for successes turned around.
        assertThat(WilsonBound.lower(failures, n)).isCloseTo(1 - WilsonBound.upper(n - failures, n), within(EXACT));
    }

    @Test
    void moreReportsAtTheSameRateNarrowTheInterval() {
        assertThat(WilsonBound.upper(5, 20)).isGreaterThan(WilsonBound.upper(50, 200));
        assertThat(WilsonBound.lower(5, 20)).isLessThan(WilsonBound.lower(50, 200));
    }

    @Test
    void countsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> WilsonBound.upper(0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must not be negative");
        assertThatThrownBy(() -> WilsonBound.lower(-1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failures");
        assertThatThrownBy(() -> WilsonBound.upper(6, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failures");
    }
}
