package dev.ringmaster.device;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceTokenCacheTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final DeviceTokenCache cache = new DeviceTokenCache();

    {
        cache.generations = new CacheGenerations();
        cache.generations.trusted(true);
        cache.clock = clock;
        cache.registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        cache.start();
    }

    private void put(String hash, String tenant) {
        cache.put(hash, new CurrentDevice.AuthenticatedDevice(UUID.randomUUID(), tenant, hash),
                cache.generations.stamp(tenant, CacheGenerations.Kind.CREDENTIALS));
    }

    @Test
    void theTokenOfADeviceThatStoppedPollingLeavesMemoryOnceItExpiredWithoutBeingLookedUpAgain() {
        put("quiet", "acme");
        put("forgotten", "globex");
        cache.generations.forgetTenant("globex");
        assertThat(cache.size()).isEqualTo(2);

        clock.advance(Duration.ofHours(2).plusMinutes(1));
        put("polling", "acme");

        assertThat(cache.size()).as("the expired and the forgotten tenant's entries are swept out").isEqualTo(1);
        assertThat(cache.get("polling")).isPresent();
        assertThat(cache.get("quiet")).isEmpty();
    }

    @Test
    void aSweepRunsOnAPutAtMostEveryHalfHour() {
        put("a", "acme");
        clock.advance(Duration.ofMinutes(100));
        put("b", "acme");
        clock.advance(Duration.ofMinutes(25));
        // "a" expired five minutes ago, but the last sweep was 25 minutes ago: still held (and refused if asked).
        put("c", "acme");
        assertThat(cache.size()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(5));
        put("d", "acme");
        assertThat(cache.size()).as("half an hour since the last sweep: 'a' went, 'd' came").isEqualTo(3);
        assertThat(cache.get("b")).isPresent();
        assertThat(cache.get("a")).isEmpty();
    }
}
