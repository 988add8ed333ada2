package dev.ringmaster.device.offer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PollIntervalTest {

    private static final Instant NOW = Instant.parse("2026-03-10T01:00:00Z");
    private static final PollInterval POLL = new PollInterval(Duration.ofMinutes(1), Duration.ofHours(1), 0.1, Duration.ofMinutes(5));

    @Test
    void aDeviceSleepsUntilItsWindowWithAtMostTheJitterAddedNeverBefore() {
        Instant opens = NOW.plus(Duration.ofMinutes(30));
        for (int i = 0; i < 200; i++) {
            Duration sleep = POLL.sleep(UUID.randomUUID(), NOW, opens);
            assertThat(sleep).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(33));
        }
    }

    @Test
    void sleepsAreClampedAndStableForTheSameQuestion() {
        UUID device = UUID.randomUUID();
        assertThat(POLL.sleep(device, NOW, NOW.plusSeconds(5))).isBetween(Duration.ofMinutes(1), Duration.ofSeconds(66));
        assertThat(POLL.sleep(device, NOW, NOW.plus(Duration.ofDays(3)))).isBetween(Duration.ofHours(1), Duration.ofMinutes(65));
        assertThat(POLL.sleep(device, NOW, NOW.plus(Duration.ofMinutes(30)))).isEqualTo(POLL.sleep(device, NOW, NOW.plus(Duration.ofMinutes(30))));
    }

    @Test
    void aFleetSpreadsOutOverTheJitter() {
        Set<Duration> sleeps = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            sleeps.add(POLL.sleep(UUID.randomUUID(), NOW, NOW.plus(Duration.ofMinutes(30))));
        }
        assertThat(sleeps.size()).isGreaterThan(50);
    }
}
