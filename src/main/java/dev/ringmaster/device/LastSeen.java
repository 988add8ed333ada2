package dev.ringmaster.device;

import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import dev.ringmaster.tenancy.DeviceEnrolled;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each device was last heard of, gathered in memory and written every few seconds in one statement
 * for all of them, instead of one UPDATE per poll: 100,000 devices polling each minute would otherwise cost
 * ~1,700 row updates a second. A crash loses at most one interval, which silence detection tolerates (its
 * timeouts are minutes to hours). The times go to {@code device_presence} (V14), a narrow table of their own.
 */
@ApplicationScoped
public class LastSeen {

    /** A device is written with its tenant, which row-level security files the row under. */
    private record Seen(String tenantId, Instant at) {
    }

    private static final String UPSERT = """
            INSERT INTO device_presence AS p (device_id, tenant_id, last_seen_at)
            SELECT seen.id, seen.tenant_id, seen.at FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) AS seen(id, tenant_id, at)
            %s
            ON CONFLICT (device_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
             WHERE p.last_seen_at < EXCLUDED.last_seen_at""";

    /** Only for a batch that named a device deleted since it polled: checking every row doubles the cost. */
    private static final String ONLY_EXISTING = "WHERE EXISTS (SELECT 1 FROM devices d WHERE d.id = seen.id)";

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private volatile Map<UUID, Seen> pending = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    public void touch(UUID deviceId, String tenantId, Instant at) {
        pending.merge(deviceId, new Seen(tenantId, at), (earlier, later) -> later.at().isAfter(earlier.at()) ? later : earlier);
    }

    /** Enrolling is being heard of; written after the commit, so the device row exists when the batch names it. */
    void enrolled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEnrolled enrolled) {
        touch(enrolled.deviceId(), enrolled.tenantId(), clock.instant());
    }

    @Scheduled(every = "${ringmaster.device.last-seen-flush:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        flush();
    }

    /** Writes what was gathered; answers how many devices were written. Also called by tests. */
    public synchronized int flush() {
        Map<UUID, Seen> batch = pending;
        if (batch.isEmpty()) {
            return 0;
        }
        pending = new ConcurrentHashMap<>();
        UUID[] ids = new UUID[batch.size()];
        String[] tenants = new String[batch.size()];
        OffsetDateTime[] times = new OffsetDateTime[batch.size()];
        int i = 0;
        for (Map.Entry<UUID, Seen> entry : batch.entrySet()) {
            ids[i] = entry.getKey();
            tenants[i] = entry.getValue().tenantId();
            times[i] = entry.getValue().at().atOffset(ZoneOffset.UTC);
            i++;
        }
        // System work: a batch holds devices of many tenants, each row filed under its own.
        return BackgroundScope.asSystem(() -> {
            try {
                return QuarkusTransaction.requiringNew().call(() -> write(UPSERT.formatted(""), ids, tenants, times));
            } catch (DeletedDevice e) {
                return QuarkusTransaction.requiringNew().call(() -> write(UPSERT.formatted(ONLY_EXISTING), ids, tenants, times));
            }
        });
    }

    private int write(String sql, UUID[] ids, String[] tenants, OffsetDateTime[] times) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            statement.setArray(2, connection.createArrayOf("text", tenants));
            statement.setArray(3, connection.createArrayOf("timestamptz", times));
            return statement.executeUpdate();
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new DeletedDevice();
            }
            throw new IllegalStateException("writing last-seen times failed: " + e.getMessage(), e);
        }
    }

    /** The batch named a device that no longer exists; it is written again without it. */
    private static final class DeletedDevice extends RuntimeException {
        DeletedDevice() {
            super(null, null, false, false);
        }
    }

    void flushOnShutdown(@Observes ShutdownEvent stopping) {
        flush();
    }
}
