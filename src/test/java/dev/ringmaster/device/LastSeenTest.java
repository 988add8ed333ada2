package dev.ringmaster.device;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched last-seen writes into device_presence (V14), read back in SQL. Devices are enrolled through the API
 * with the clock frozen, so their first time heard of is the instant of enrollment.
 */
@QuarkusTest
class LastSeenTest {

    @Inject
    LastSeen lastSeen;

    @Inject
    EntityManager em;

    private Instant ENROLLED;

    /** A tenant of its own with {@code size} devices enrolled through the API, their enrollment written. */
    private record Fleet(String tenant, List<UUID> devices) {
    }

    private Fleet fleet(int size) {
        TestTenant tenant = TestTenant.create("seen");
        String key = Api.enrollmentKey(tenant.admin(), size);
        List<UUID> devices = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            devices.add(Agent.enroll(key, "seen-" + i, null, "agent", "1.0.0").id());
        }
        lastSeen.flush();
        return new Fleet(tenant.id(), devices);
    }

    @BeforeEach
    void freeze() {
        ENROLLED = TimeMachine.freeze().truncatedTo(ChronoUnit.MILLIS);
        TimeMachine.clock().freezeAt(ENROLLED.plusMillis(1));
        ENROLLED = TimeMachine.now();
    }

    @AfterEach
    void thaw() {
        TimeMachine.clock().thaw();
    }

    @Test
    void oneBatchWritesEveryTenantsDevicesUnderTheirOwnTenantAndKeepsTheLatestTime() {
        Fleet acme = fleet(2);
        Fleet globex = fleet(1);
        Instant first = ENROLLED.plusSeconds(10);
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
        Fleet fleet = fleet(2);
        Instant now = ENROLLED.plusSeconds(10);
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
        Fleet fleet = fleet(1);
        UUID device = fleet.devices().getFirst();
        Instant now = ENROLLED.plusSeconds(10);
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
        Fleet fleet = fleet(1);
        UUID device = fleet.devices().getFirst();
        Duration minute = Duration.ofMinutes(1);
        // An hour ahead: the scheduled flush, on the frozen clock, then never finds the written time old enough.
        Instant base = ENROLLED.plus(Duration.ofHours(1));

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
