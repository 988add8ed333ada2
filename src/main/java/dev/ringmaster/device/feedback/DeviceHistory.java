package dev.ringmaster.device.feedback;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A device's history: every event stored for it (offers, each progress message, warnings, results, silence),
 * newest first. Runs in the caller's transaction and tenant scope; the caller has checked the device is its own.
 */
@ApplicationScoped
public class DeviceHistory {

    /**
     * One event. {@code rolloutId} is null for an event that does not count for any rollout (a success reported
     * after its rollout stopped). {@code version} is the release's.
     */
    @Schema(name = "DeviceEvent")
    public record Entry(long id, EventKind kind, UUID releaseId, String product, String version, UUID rolloutId,
                        Integer progress, String detail, Instant occurredAt, Instant receivedAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    public List<Entry> of(String tenantId, UUID deviceId, int limit) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement("""
                SELECT e.id, e.kind, e.release_id, p.key, r.version, e.rollout_id, e.progress, e.detail, e.occurred_at, e.received_at
                  FROM device_events e
                  LEFT JOIN releases r ON r.id = e.release_id LEFT JOIN products p ON p.id = r.product_id
                 WHERE e.tenant_id = ? AND e.device_id = ?
                 ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?""")) {
            select.setString(1, tenantId);
            select.setObject(2, deviceId);
            select.setInt(3, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), EventKind.fromCode(rows.getString(2)), rows.getObject(3, UUID.class),
                            rows.getString(4), rows.getString(5), rows.getObject(6, UUID.class),
                            rows.getObject(7) == null ? null : rows.getInt(7), rows.getString(8),
                            rows.getObject(9, OffsetDateTime.class).toInstant(), rows.getObject(10, OffsetDateTime.class).toInstant()));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("device history query failed: " + e.getMessage(), e);
        }
    }
}
