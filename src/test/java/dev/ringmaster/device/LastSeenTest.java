package dev.ringmaster.device;

import dev.ringmaster.support.FleetFixture;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The batched last-seen writes into device_presence (V14), read back in SQL. */
@QuarkusTest
class LastSeenTest {

    private static final Instant ENROLLED = Instant.parse("2026-11-01T00:00:00Z");

    @Inject
    LastSeen lastSeen;

    @Inject
    EntityManager em;

    @Test
    void oneBatchWritesEveryTenantsDevicesUnderTheirOwnTenantAndKeepsTheLatestTime() {
        FleetFixture acme = FleetFixture.create(em, 2, ENROLLED);
        FleetFixture globex = FleetFixture.create(em, 1, ENROLLED);
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant later = first.plusSeconds(30);
        lastSeen.flush();

        lastSeen.touch(acme.devices().get(0), acme.tenant(), later);
        lastSeen.touch(acme.devices().get(0), acme.tenant(), first);
        lastSeen.touch(globex.devices().get(0), globex.tenant(), first);
        assertThat(lastSeen.flush()).isEqualTo(2);

        assertThat(seen(acme.devices().get(0))).isEqualTo(later);
        assertThat(seen(acme.devices().get(1))).isEqualTo(ENROLLED);
        assertThat(seen(globex.devices().get(0))).isEqualTo(first);
        assertThat(tenantOf(globex.devices().get(0))).isEqualTo(globex.tenant());

        // An older time from a later batch (a slow replica, say) never moves it back.
        lastSeen.touch(acme.devices().get(0), acme.tenant(), first);
        assertThat(lastSeen.flush()).isZero();
        assertThat(seen(acme.devices().get(0))).isEqualTo(later);
    }

    @Test
    void aDeviceDeletedSinceItPolledDoesNotCostTheOthersTheirTimes() {
        FleetFixture fleet = FleetFixture.create(em, 2, ENROLLED);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastSeen.flush();

        lastSeen.touch(fleet.devices().get(0), fleet.tenant(), now);
        lastSeen.touch(UUID.randomUUID(), fleet.tenant(), now);
        lastSeen.touch(fleet.devices().get(1), fleet.tenant(), now);
        assertThat(lastSeen.flush()).isEqualTo(2);

        assertThat(seen(fleet.devices().get(0))).isEqualTo(now);
        assertThat(seen(fleet.devices().get(1))).isEqualTo(now);
    }

    @Test
    void aDeviceSilentForAnHourIsForgottenOnceWrittenAndComesBackWhenHeardOfAgain() {
        FleetFixture fleet = FleetFixture.create(em, 1, ENROLLED);
        UUID device = fleet.devices().getFirst();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastSeen.touch(device, fleet.tenant(), now);

        lastSeen.flush(now.plus(LastSeen.IDLE).plusSeconds(60), Duration.ZERO);
        assertThat(lastSeen.tracks(device)).as("written in that flush, so kept until the next").isTrue();
        lastSeen.flush(now.plus(LastSeen.IDLE).plusSeconds(65), Duration.ZERO);
        assertThat(lastSeen.tracks(device)).isFalse();
        assertThat(seen(device)).isEqualTo(now);

        lastSeen.touch(device, fleet.tenant(), now.plusSeconds(1));
        assertThat(lastSeen.tracks(device)).isTrue();
        lastSeen.flush();
        assertThat(seen(device)).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void aDeviceCallingMoreOftenThanThePrecisionIsWrittenOncePerPrecisionWithItsLatestTime() {
        FleetFixture fleet = FleetFixture.create(em, 1, ENROLLED);
        UUID device = fleet.devices().getFirst();
        Duration minute = Duration.ofMinutes(1);
        // An hour ahead: the scheduled flush, on the real clock, then never finds the written time old enough.
        Instant base = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

        lastSeen.touch(device, fleet.tenant(), base);
        lastSeen.flush(base.plusSeconds(5), minute);
        assertThat(seen(device)).as("a device's first time goes at the next flush").isEqualTo(base);

        lastSeen.touch(device, fleet.tenant(), base.plusSeconds(20));
        lastSeen.touch(device, fleet.tenant(), base.plusSeconds(40));
        assertThat(lastSeen.flush(base.plusSeconds(45), minute)).as("the time written is not a minute old").isZero();
        assertThat(seen(device)).isEqualTo(base);

        assertThat(lastSeen.flush(base.plusSeconds(60), minute)).isEqualTo(1);
        assertThat(seen(device)).isEqualTo(base.plusSeconds(40));
    }

    private Instant seen(UUID device) {
        List<?> rows = read("SELECT last_seen_at FROM device_presence WHERE device_id = ?1", device);
        if (rows.isEmpty()) {
            return null;
        }
        return switch (rows.getFirst()) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected " + rows.getFirst().getClass());
        };
    }

    private String tenantOf(UUID device) {
        return (String) read("SELECT tenant_id FROM device_presence WHERE device_id = ?1", device).getFirst();
    }

    private List<?> read(String sql, UUID device) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(
                () -> em.createNativeQuery(sql).setParameter(1, device).getResultList()));
    }
}
