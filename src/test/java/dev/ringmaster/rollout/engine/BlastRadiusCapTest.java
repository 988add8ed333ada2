package dev.ringmaster.rollout.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.ringmaster.rollout.engine.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlastRadiusCapTest {

    private static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void noOffersLeaveTheWholeLimit() {
        assertThat(BlastRadiusCap.of(1000).remaining(T0)).isEqualTo(1000);
    }

    @Test
    void offersWithinTheLastHourCount() {
        BlastRadiusCap cap = new BlastRadiusCap(5, List.of(minutes(0), minutes(10), minutes(59)));

        assertThat(cap.remaining(minutes(59))).isEqualTo(2);
    }

    @Test
    void theWindowSlidesOfferByOffer() {
        BlastRadiusCap cap = new BlastRadiusCap(3, List.of(minutes(0), minutes(20), minutes(40)));

        assertThat(cap.remaining(minutes(59))).isZero();
        // An offer exactly an hour old no longer counts.
        assertThat(cap.remaining(minutes(60))).isEqualTo(1);
        assertThat(cap.remaining(minutes(80))).isEqualTo(2);
        assertThat(cap.remaining(minutes(100))).isEqualTo(3);
    }

    @Test
    void burstsAcrossAClockHourCannotDoubleTheLimit() {
        BlastRadiusCap cap = BlastRadiusCap.of(2).withOffer(T0.minusSeconds(60)).withOffer(T0.minusSeconds(30));

        assertThat(cap.remaining(T0.plusSeconds(60))).isZero();
    }

    @Test
    void neverNegativeWhenMoreWereOfferedThanTheLimit() {
        BlastRadiusCap cap = new BlastRadiusCap(1, List.of(minutes(1), minutes(2), minutes(3)));

        assertThat(cap.remaining(minutes(3))).isZero();
    }

    @Test
    void offersStampedAfterNowStillCount() {
        BlastRadiusCap cap = new BlastRadiusCap(2, List.of(minutes(5)));

        assertThat(cap.remaining(minutes(4))).isEqualTo(1);
    }

    @Test
    void withOfferGivesANewCapAndPruningDropsOnlyWhatNoLongerCounts() {
        BlastRadiusCap empty = BlastRadiusCap.of(10);
        BlastRadiusCap two = empty.withOffer(minutes(0)).withOffer(minutes(50));

        assertThat(empty.offers()).isEmpty();
        assertThat(two.pruned(minutes(70)).offers()).containsExactly(minutes(50));
        assertThat(two.pruned(minutes(70)).remaining(minutes(70))).isEqualTo(two.remaining(minutes(70))).isEqualTo(9);
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> BlastRadiusCap.of(-1)).hasMessage("devicesPerHour must not be negative, was -1");
        assertThat(BlastRadiusCap.of(0).remaining(T0)).isZero();
    }
}
