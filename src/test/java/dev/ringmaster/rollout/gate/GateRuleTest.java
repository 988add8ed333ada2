package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateRuleTest {

    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.10");
    private static final BigDecimal TWO_PERCENT = new BigDecimal("0.02");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration FOUR_HOURS = Duration.ofHours(4);

    @ParameterizedTest(name = "{0} % of {1} offered needs {2}")
    @CsvSource({
            "10, 0, 0",
            "10, 1, 1",
            "10, 25, 3",   // 2.5 rounds up
            "10, 29, 3",   // 2.9 rounds up
            "10, 30, 3",   // exactly 3
            "10, 31, 4",   // 3.1 rounds up
            "0, 1000, 0",
            "100, 7, 7",
            "33, 100, 33",
            "33.3, 1000, 333",
            "7, 100, 7"    // exactly 7: in doubles 0.07 × 100 = 7.000000000000001 and would ask for 8
    })
    void theFinishedShareRoundsUpExactly(String percent, int offered, int needed) {
        GateRule rule = new GateRule(0, new BigDecimal(percent).movePointLeft(2), TWO_PERCENT, DAY, FOUR_HOURS, 10);

        assertThat(rule.minFinishedOf(offered)).isEqualTo(needed);
    }

    @Test
    void aDoubleShareWouldHaveRoundedTheWrongWay() {
        // Why the share is a BigDecimal: the same sum in doubles lands just above 3.
        assertThat(Math.ceil(0.07 * 100)).isEqualTo(8.0);
        assertThat(new GateRule(0, new BigDecimal("0.07"), TWO_PERCENT, DAY, FOUR_HOURS, 10).minFinishedOf(100)).isEqualTo(7);
    }

    @Test
    void aNegativeOfferedCountIsRefused() {
        GateRule rule = new GateRule(0, TEN_PERCENT, TWO_PERCENT, DAY, FOUR_HOURS, 10);

        assertThatThrownBy(() -> rule.minFinishedOf(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offered");
    }

    @Test
    void edgesOfEveryFieldAreAccepted() {
        new GateRule(0, BigDecimal.ZERO, new BigDecimal("0.000001"), Duration.ZERO, Duration.ofSeconds(1), 1);
        new GateRule(Integer.MAX_VALUE, BigDecimal.ONE, new BigDecimal("0.999999"), Duration.ofDays(365),
                Duration.ofDays(30), Integer.MAX_VALUE);
        assertThat(GateRule.DEFAULT_MIN_REPORTS_FOR_HALT).isEqualTo(10);
    }

    @Test
    void eachInvalidFieldIsNamed() {
        assertInvalid("minFinished", () -> new GateRule(-1, TEN_PERCENT, TWO_PERCENT, DAY, FOUR_HOURS, 10));
        assertInvalid("minFinishedShare", () -> new GateRule(0, null, TWO_PERCENT, DAY, FOUR_HOURS, 10));
        assertInvalid("minFinishedShare", () -> new GateRule(0, new BigDecimal("-0.01"), TWO_PERCENT, DAY, FOUR_HOURS, 10));
        assertInvalid("minFinishedShare", () -> new GateRule(0, new BigDecimal("1.01"), TWO_PERCENT, DAY, FOUR_HOURS, 10));
        assertInvalid("maxFailureRate", () -> new GateRule(0, TEN_PERCENT, null, DAY, FOUR_HOURS, 10));
        assertInvalid("maxFailureRate", () -> new GateRule(0, TEN_PERCENT, BigDecimal.ZERO, DAY, FOUR_HOURS, 10));
        assertInvalid("maxFailureRate", () -> new GateRule(0, TEN_PERCENT, BigDecimal.ONE, DAY, FOUR_HOURS, 10));
        assertInvalid("maxFailureRate", () -> new GateRule(0, TEN_PERCENT, new BigDecimal("-0.02"), DAY, FOUR_HOURS, 10));
        assertInvalid("minSoak", () -> new GateRule(0, TEN_PERCENT, TWO_PERCENT, null, FOUR_HOURS, 10));
        assertInvalid("minSoak", () -> new GateRule(0, TEN_PERCENT, TWO_PERCENT, Duration.ofSeconds(-1), FOUR_HOURS, 10));
        assertInvalid("silenceTimeout", () -> new GateRule(0, TEN_PERCENT, TWO_PERCENT, DAY, null, 10));
        assertInvalid("silenceTimeout", () -> new GateRule(0, TEN_PERCENT, TWO_PERCENT, DAY, Duration.ZERO, 10));
        assertInvalid("silenceTimeout", () -> new GateRule(0, TEN_PERCENT, TWO_PERCENT, DAY, Duration.ofMinutes(-5), 10));
        assertInvalid("minReportsForHalt", () -> new GateRule(0, TEN_PERCENT, TWO_PERCENT, DAY, FOUR_HOURS, 0));
    }

    private static void assertInvalid(String field, Runnable construction) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " must");
    }
}
