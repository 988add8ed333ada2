package dev.ringmaster.rollout.ring;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingLadderTest {

    private static RingLadder ladder(String... shares) {
        return new RingLadder(Arrays.stream(shares).map(BigDecimal::new).toList());
    }

    @Test
    void aBucketGoesToTheFirstRingWhoseShareExceedsIt() {
        RingLadder ladder = ladder("0.25", "0.5", "1");

        assertThat(ladder.ringOf(0.0)).isZero();
        assertThat(ladder.ringOf(0.1)).isZero();
        assertThat(ladder.ringOf(0.3)).isEqualTo(1);
        assertThat(ladder.ringOf(0.75)).isEqualTo(2);
        assertThat(ladder.ringOf(Math.nextDown(1.0))).isEqualTo(2);
    }

    @Test
    void aBucketExactlyOnAShareGoesToTheNextRing() {
        RingLadder ladder = ladder("0.25", "0.5", "1");

        assertThat(ladder.ringOf(Math.nextDown(0.25))).isZero();
        assertThat(ladder.ringOf(0.25)).isEqualTo(1);
        assertThat(ladder.ringOf(Math.nextDown(0.5))).isEqualTo(1);
        assertThat(ladder.ringOf(0.5)).isEqualTo(2);
    }

    @Test
    void bucketsAreComparedWithDecimalSharesExactly() {
        // The double nearest 0.1 is 0.1000000000000000055…, just above the share 0.1: next ring.
        // The double nearest 0.3 is 0.2999999999999999888…, just below the share 0.3: same ring,
        // though 0.3 as a double compares equal to it.
        RingLadder ladder = ladder("0.1", "0.3", "1");

        assertThat(ladder.ringOf(0.1)).isEqualTo(1);
        assertThat(ladder.ringOf(0.3)).isEqualTo(1);
        assertThat(ladder.ringOf(Math.nextUp(0.3))).isEqualTo(2);
    }

    @Test
    void oneRingTakesEveryone() {
        RingLadder ladder = ladder("1");

        assertThat(ladder.ringOf(0.0)).isZero();
        assertThat(ladder.ringOf(Math.nextDown(1.0))).isZero();
    }

    @Test
    void aLastShareWrittenWithMoreDigitsIsStillOne() {
        assertThat(ladder("0.5", "1.000").ringOf(0.9)).isEqualTo(1);
    }

    @Test
    void bucketsOutsideZeroToOneAreRefused() {
        RingLadder ladder = ladder("0.5", "1");

        for (double bucket : new double[]{-0.0001, 1.0, 1.5, Double.NaN, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> ladder.ringOf(bucket))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("bucket must be in [0, 1)");
        }
    }

    @Test
    void theSharesAreCopied() {
        List<BigDecimal> shares = new ArrayList<>(List.of(new BigDecimal("0.5"), BigDecimal.ONE));
        RingLadder ladder = new RingLadder(shares);
        shares.set(0, new BigDecimal("0.9"));

        assertThat(ladder.cumulativeShares()).containsExactly(new BigDecimal("0.5"), BigDecimal.ONE);
        assertThatThrownBy(() -> ladder.cumulativeShares().add(BigDecimal.ONE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noRingsAreRefused() {
        assertThatThrownBy(() -> new RingLadder(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one ring");
        assertThatThrownBy(() -> new RingLadder(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one ring");
    }

    @Test
    void aMissingShareIsRefused() {
        List<BigDecimal> shares = Arrays.asList(new BigDecimal("0.5"), null, BigDecimal.ONE);

        assertThatThrownBy(() -> new RingLadder(shares))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cumulativeShares[1] must not be null");
    }

    @Test
    void sharesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> ladder("0", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cumulativeShares[0] must be above 0 and at most 1, was 0");
        assertThatThrownBy(() -> ladder("-0.1", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0] must be above 0");
        assertThatThrownBy(() -> ladder("0.5", "1.01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cumulativeShares[1] must be above 0 and at most 1, was 1.01");
    }

    @Test
    void sharesMustRiseStrictly() {
        assertThatThrownBy(() -> ladder("0.1", "0.1", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cumulativeShares[1] must be above the share before it (0.1), was 0.1");
        assertThatThrownBy(() -> ladder("0.5", "0.2", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cumulativeShares[1] must be above the share before it (0.5), was 0.2");
        assertThatThrownBy(() -> ladder("0.5", "1", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cumulativeShares[2] must be above the share before it (1), was 1");
    }

    @Test
    void theLastShareMustBeOne() {
        assertThatThrownBy(() -> ladder("0.1", "0.99"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cumulativeShares[1] must be exactly 1 as the last share, was 0.99");
    }
}
