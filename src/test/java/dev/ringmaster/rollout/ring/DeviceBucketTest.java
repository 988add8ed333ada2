package dev.ringmaster.rollout.ring;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DeviceBucketTest {

    private static final UUID DEVICE = UUID.fromString("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

    @Test
    void aDeviceHasAFixedBucket() {
        // sha256("3f2504e0-4f89-11d3-9a0c-0305e82c3301|agent|plan-2024-a") starts 49 31 81 13 45 2f c7 a7;
        // 0x49318113452fc7a7 >>> 11 = 2575262967965176, / 2^53 = 0.28591162414994553.
        assertThat(DeviceBucket.of(DEVICE, "agent", "plan-2024-a")).isEqualTo(0.28591162414994553);
        assertThat(DeviceBucket.of(DEVICE, "agent", "plan-2024-a")).isEqualTo(2575262967965176L * 0x1.0p-53);
    }

    @Test
    void theHashIsReadAsUnsigned() {
        // sha256("…|agent|plan-2024-b") starts d1 56 f2 aa 91 f4 6f 63: negative as a signed long, yet the
        // bucket is 0xd156f2aa91f46f63 >>> 11 = 7365483797036685, / 2^53 = 0.8177329698973651.
        assertThat(DeviceBucket.of(DEVICE, "agent", "plan-2024-b")).isEqualTo(0.8177329698973651);
    }

    @Test
    void anotherSaltOrProductMovesTheDevice() {
        double bucket = DeviceBucket.of(DEVICE, "agent", "plan-2024-a");

        assertThat(DeviceBucket.of(DEVICE, "agent", "plan-2024-b")).isNotEqualTo(bucket);
        // sha256("…|content|plan-2024-a") starts 6d 78 7f 8e 92 70 c5 b4 → 3851657713700376 / 2^53.
        assertThat(DeviceBucket.of(DEVICE, "content", "plan-2024-a")).isEqualTo(0.42761990767252467);
    }

    @Test
    void theDeviceIdIsHashedInItsCanonicalForm() {
        // UUID parsing is case-insensitive and toString is lower case, so the upper-case spelling above
        // hashes as "3f2504e0-…".
        assertThat(DEVICE.toString()).isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    }

    @Test
    void theSeparatorKeepsFieldsApart() {
        // Concatenated without "|", both would hash "…agentxy".
        assertThat(DeviceBucket.of(DEVICE, "agentx", "y")).isNotEqualTo(DeviceBucket.of(DEVICE, "agent", "xy"));
    }

    @Test
    void bucketsStayInsideZeroToOne() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double bucket = DeviceBucket.of(new UUID(random.nextLong(), random.nextLong()), "agent", "s");
            assertThat(bucket).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
    }

    @Test
    void ringsGetTheirShareOfAHundredThousandDevices() {
        RingLadder ladder = new RingLadder(List.of(
                new BigDecimal("0.01"), new BigDecimal("0.1"), new BigDecimal("0.5"), BigDecimal.ONE));
        double[] expected = {0.01, 0.09, 0.40, 0.50};
        int[] counts = new int[expected.length];
        // Seeded, so the test is the same on every run; the hash, not the generator, does the spreading.
        Random random = new Random(20240719);
        int devices = 100_000;
        for (int i = 0; i < devices; i++) {
            UUID device = new UUID(random.nextLong(), random.nextLong());
            counts[ladder.ringOf(DeviceBucket.of(device, "content", "plan-salt-1"))]++;
        }

        for (int ring = 0; ring < expected.length; ring++) {
            assertThat((double) counts[ring] / devices)
                    .as("share of ring %d", ring)
                    .isCloseTo(expected[ring], within(0.01));
        }
    }

    @Test
    void missingInputsAreRefused() {
        assertThatThrownBy(() -> DeviceBucket.of(null, "agent", "s")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DeviceBucket.of(DEVICE, null, "s")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DeviceBucket.of(DEVICE, "agent", null)).isInstanceOf(NullPointerException.class);
    }
}
