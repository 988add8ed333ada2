package dev.ringmaster.device.feedback;

import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.tenancy.Device;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A device's history: its events, newest first, with the product and version each was about. It holds what the
 * device reported and what the service wrote about it ({@code offered}, and {@code silent} when the reconciler
 * found it quiet for longer than its ring's silence timeout).
 */
@ApplicationScoped
public class DeviceHistory {

    /** The newest events shown; older ones stay stored. */
    static final int MOST = 500;

    public record Event(long id, String product, String version, EventKind kind, String detail, Integer progress,
                        Instant occurredAt, Instant receivedAt) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    CurrentCaller caller;

    @Transactional
    public List<Event> of(UUID deviceId) {
        String tenantId = caller.tenantId();
        if (Device.<Device>find("tenantId = ?1 and id = ?2", tenantId, deviceId).firstResultOptional().isEmpty()) {
            throw new NotFoundException("no device " + deviceId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT e.id, p.key, r.version, e.kind, e.detail, e.progress, e.occurred_at, e.received_at
                        FROM device_events e
                        LEFT JOIN releases r ON r.id = e.release_id
                        LEFT JOIN products p ON p.id = r.product_id
                        WHERE e.tenant_id = ?1 AND e.device_id = ?2
                        ORDER BY e.occurred_at DESC, e.id DESC
                        LIMIT ?3""")
                .setParameter(1, tenantId).setParameter(2, deviceId).setParameter(3, MOST)
                .getResultList();
        return rows.stream().map(row -> new Event(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                EventKind.fromCode((String) row[3]), (String) row[4], row[5] == null ? null : ((Number) row[5]).intValue(),
                instant(row[6]), instant(row[7]))).toList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            case Instant instant -> instant;
            default -> throw new IllegalStateException("not a time: " + value);
        };
    }
}
