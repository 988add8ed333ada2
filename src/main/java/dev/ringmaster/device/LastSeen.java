package dev.ringmaster.device;

import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.DeviceEnrolled;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each device was last heard of, gathered in memory and written every few seconds in one statement
 * for all of them, instead of one UPDATE per poll: 100,000 devices polling each minute would otherwise cost
 * ~1,700 row updates a second. A crash loses at most the precision (below) plus one interval, which silence
 * detection tolerates (its timeouts are minutes to hours). The times go to {@code device_presence} (V14), a
 * narrow table of their own.
 *
 * <p>Each device keeps one small record here for as long as it polls, updated in place: a poll allocates
 * nothing that outlives it, so a fleet polling fast does not fill the young generation with short-lived
 * batches for the garbage collector to copy. A record not heard of for {@link #IDLE} leaves once written.
 *
 * <p>A device's time is written at most once per {@code ringmaster.device.last-seen-precision} (default one
 * minute, the shortest sleep a device is told): a device that polls, revalidates or retries more often than
 * that costs one row write per minute, not one per request, and the stored time is never older than the
 * precision plus one flush interval. A device's first time, and every time pending at shutdown, is written
 * at the next flush.
 */
@ApplicationScoped
public class LastSeen {

    static final Duration IDLE = Duration.ofHours(1);

    private static final String UPSERT = """
            INSERT INTO device_presence AS p (device_id, tenant_id, last_seen_at)
            SELECT seen.id, seen.tenant_id, seen.at FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) AS seen(id, tenant_id, at)
            %s
            ON CONFLICT (device_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
             WHERE p.last_seen_at < EXCLUDED.last_seen_at""";

    /** Only for a batch that named a device deleted since it polled: checking every row doubles the cost. */
    private static final String ONLY_EXISTING = "WHERE EXISTS (SELECT 1 FROM devices d WHERE d.id = seen.id)";

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /** One device: its tenant (row-level security files the row under it), heard and written, in epoch microseconds. */
    private static final class Presence {
        final String tenantId;
        final AtomicLong heard = new AtomicLong(Long.MIN_VALUE);
        volatile long written = Long.MIN_VALUE;

        Presence(String tenantId) {
            this.tenantId = tenantId;
        }
    }

    /** A device whose time heard of is newer than the one written. */
    private record Due(UUID id, Presence presence, long heard) {
    }

    private final Map<UUID, Presence> devices = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    DeviceApiSettings settings;

    public void touch(UUID deviceId, String tenantId, Instant at) {
        Presence presence = devices.get(deviceId);
        if (presence == null) {
            presence = devices.computeIfAbsent(deviceId, id -> new Presence(tenantId));
        }
        presence.heard.accumulateAndGet(micros(at), Math::max);
    }

    /** Enrolling is being heard of; written after the commit, so the device row exists when the batch names it. */
    void enrolled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEnrolled enrolled) {
        touch(enrolled.deviceId(), enrolled.tenantId(), clock.instant());
    }

    @Scheduled(every = "${ringmaster.device.last-seen-flush:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        flush(clock.instant(), settings.lastSeenPrecision());
    }

    /**
     * Writes every time heard of since the last write, however recent the one written; answers how many rows
     * changed. Also called by tests. A batch that fails stays unwritten and goes with the next.
     */
    public int flush() {
        return flush(clock.instant(), Duration.ZERO);
    }

    /** Writes the times heard of since the last write of devices whose written time is {@code precision} old. */
    synchronized int flush(Instant now, Duration precision) {
        List<Due> due = new ArrayList<>();
        long idleBefore = micros(now.minus(IDLE));
        long writtenBefore = micros(now.minus(precision));
        devices.forEach((id, presence) -> {
            long heard = presence.heard.get();
            if (heard > presence.written) {
                if (presence.written <= writtenBefore) {
                    due.add(new Due(id, presence, heard));
                }
            } else if (heard < idleBefore && devices.remove(id, presence) && presence.heard.get() != heard) {
                devices.putIfAbsent(id, presence); // heard of again while it was leaving
            }
        });
        return write(due);
    }

    /**
     * Counts the device as heard of at {@code at} and writes that at once rather than with the next batch: for the
     * rare check-in whose time a recomputation must read right away (a pilot confirming its success).
     */
    public synchronized void writeNow(UUID deviceId, String tenantId, Instant at) {
        touch(deviceId, tenantId, at);
        Presence presence = devices.get(deviceId);
        write(List.of(new Due(deviceId, presence, presence.heard.get())));
    }

    private int write(List<Due> due) {
        if (due.isEmpty()) {
            return 0;
        }
        UUID[] ids = due.stream().map(Due::id).toArray(UUID[]::new);
        String[] tenants = due.stream().map(d -> d.presence().tenantId).toArray(String[]::new);
        OffsetDateTime[] times = due.stream().map(d -> at(d.heard())).toArray(OffsetDateTime[]::new);
        // System work: a batch holds devices of many tenants, each row filed under its own.
        int changed = BackgroundScope.asSystem(() -> {
            try {
                return QuarkusTransaction.requiringNew().call(() -> write(UPSERT.formatted(""), ids, tenants, times));
            } catch (DeletedDevice e) {
                return QuarkusTransaction.requiringNew().call(() -> write(UPSERT.formatted(ONLY_EXISTING), ids, tenants, times));
            }
        });
        due.forEach(written -> written.presence().written = written.heard());
        return changed;
    }

    boolean tracks(UUID deviceId) {
        return devices.containsKey(deviceId);
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

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static OffsetDateTime at(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
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
