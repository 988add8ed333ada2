package dev.ringmaster.schedule.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.tenancy.CurrentCaller;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.ringmaster.persistence.NativeValues.instant;

/**
 * Reads the caller's tenant's stored windows. Never computes: explain shows exactly what the device is served.
 * A device of another tenant answers like one that does not exist (the tenant filter below, and row-level
 * security behind it).
 */
@ApplicationScoped
public class DeviceWindowsQuery {

    @Inject
    CurrentCaller caller;

    private record DeviceRow(UUID id, String externalId, String timeZone) {
    }

    private record Stored(WindowViews.Window window, List<WindowViews.ReasonView> reasons) {
    }

    @Transactional
    public List<WindowViews.Window> windows(UUID deviceId) {
        String tenantId = caller.tenantId();
        device(tenantId, deviceId);
        return stored(tenantId, deviceId, null, null).stream().map(Stored::window).toList();
    }

    @Transactional
    public WindowViews.Explanation explain(UUID deviceId, String productKey, UUID releaseId) {
        String tenantId = caller.tenantId();
        DeviceRow device = device(tenantId, deviceId);
        List<Stored> rows = stored(tenantId, deviceId, productKey, releaseId);
        if (rows.isEmpty()) {
            throw new NotFoundException("device " + deviceId + " has no release window "
                    + (releaseId != null ? "for release " + releaseId : "for product '" + productKey + "'")
                    + ": no rollout of a release its tenant is planned for");
        }
        Stored row = rows.getFirst();
        return new WindowViews.Explanation(device.id(), device.externalId(), device.timeZone(), row.window(), row.reasons());
    }

    private DeviceRow device(String tenantId, UUID deviceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                        "SELECT id, external_id, time_zone FROM devices WHERE tenant_id = ?1 AND id = ?2")
                .setParameter(1, tenantId).setParameter(2, deviceId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundException("no device " + deviceId);
        }
        Object[] row = rows.getFirst();
        return new DeviceRow((UUID) row[0], (String) row[1], (String) row[2]);
    }

    private List<Stored> stored(String tenantId, UUID deviceId, String productKey, UUID releaseId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        SELECT p.key, w.release_id, r.version, w.rollout_id, w.ring_position, w.forecast, w.earliest_start,
                               w.window_start, w.window_end, w.reasons::text, w.computed_at
                        FROM release_windows w JOIN releases r ON r.id = w.release_id JOIN products p ON p.id = r.product_id
                        WHERE w.tenant_id = ?1 AND w.device_id = ?2
                          AND (CAST(?3 AS text) IS NULL OR p.key = ?3) AND (CAST(?4 AS uuid) IS NULL OR w.release_id = ?4)
                        ORDER BY p.key, r.version_major DESC, r.version_minor DESC, r.version_patch DESC""")
                .setParameter(1, tenantId).setParameter(2, deviceId).setParameter(3, productKey).setParameter(4, releaseId)
                .getResultList();
        List<Stored> stored = new ArrayList<>();
        for (Object[] row : rows) {
            List<WindowViews.ReasonView> reasons = reasons((String) row[9]);
            Instant windowStart = instant(row[7]);
            String blockedBy = Reason.blockedBy(windowStart != null, reasons, WindowViews.ReasonView::code);
            stored.add(new Stored(new WindowViews.Window((String) row[0], (UUID) row[1], (String) row[2], (UUID) row[3],
                    ((Number) row[4]).intValue(), (Boolean) row[5], instant(row[6]), windowStart, instant(row[8]), blockedBy,
                    instant(row[10])), reasons));
        }
        return stored;
    }

    private static List<WindowViews.ReasonView> reasons(String json) {
        try {
            return FleetReader.JSON.readValue(json, new TypeReference<List<WindowViews.ReasonView>>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException("stored reasons cannot be read: " + e.getMessage(), e);
        }
    }
}
