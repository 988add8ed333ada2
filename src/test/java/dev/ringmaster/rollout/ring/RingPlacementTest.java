package dev.ringmaster.rollout.ring;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RingPlacementTest {

    /** A tiny canary: hardly any bucket falls in it, so a device found in ring 0 is there by the rule, not by chance. */
    private static final RingLadder LADDER = new RingLadder(List.of(new BigDecimal("0.001"), new BigDecimal("0.5"), BigDecimal.ONE));

    private static final List<UUID> DEVICES = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();

    @Test
    void theVendorsOwnDevicesSitInRingZeroWhateverTheirBucket() {
        for (boolean internalRing : new boolean[] {false, true}) {
            RingPlacement placement = new RingPlacement("salt", LADDER, internalRing);
            assertThat(DEVICES).allSatisfy(device -> {
                assertThat(placement.ringOf(device, "agent", true, false)).isZero();
                assertThat(placement.ringOf(device, "agent", true, true)).isZero();
            });
        }
    }

    @Test
    void anInternalRingPutsEveryCustomerRingOneLater() {
        RingPlacement without = new RingPlacement("salt", LADDER, false);
        RingPlacement with = new RingPlacement("salt", LADDER, true);
        assertThat(without.ringCount()).isEqualTo(3);
        assertThat(with.ringCount()).isEqualTo(4);
        assertThat(DEVICES).allSatisfy(device -> {
            int bucketRing = LADDER.ringOf(DeviceBucket.of(device, "agent", "salt"));
            assertThat(without.ringOf(device, "agent", false, false)).isEqualTo(bucketRing);
            assertThat(with.ringOf(device, "agent", false, false)).isEqualTo(bucketRing + 1).isPositive();
        });
    }

    @Test
    void aCustomersPilotMovesUpToRingOneAtMostAndNeverIntoTheInternalRing() {
        RingPlacement without = new RingPlacement("salt", LADDER, false);
        RingPlacement with = new RingPlacement("salt", LADDER, true);
        assertThat(DEVICES).allSatisfy(device -> {
            int bucketRing = LADDER.ringOf(DeviceBucket.of(device, "agent", "salt"));
            assertThat(without.ringOf(device, "agent", false, true)).isEqualTo(Math.min(bucketRing, 1));
            assertThat(with.ringOf(device, "agent", false, true)).isEqualTo(1);
        });
    }
}
