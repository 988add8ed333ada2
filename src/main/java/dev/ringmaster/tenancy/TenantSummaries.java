package dev.ringmaster.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tenant at a glance, for vendor staff: its devices (active and retired), the products whose updates it has
 * paused, and when any of its devices was last heard of. Native SQL over every tenant: only vendor callers, whom
 * row-level security lets see all tenants, reach it.
 */
@ApplicationScoped
public class TenantSummaries {

    /**
     * @param pausedProducts product keys whose policy is paused, sorted
     * @param lastContact    the newest check-in of any of its devices; null when none ever checked in
     * @param internal       the vendor's own fleet, first in every rollout
     */
    public record Summary(String id, String name, TenantStatus status, String timeZone, long activeDevices,
                          long retiredDevices, List<String> pausedProducts, Instant lastContact, boolean internal) {

        public boolean paused() {
            return !pausedProducts.isEmpty();
        }
    }

    private static final String SQL = """
            SELECT t.id,
                   (SELECT count(*) FROM devices d WHERE d.tenant_id = t.id AND d.status = 'active'),
                   (SELECT count(*) FROM devices d WHERE d.tenant_id = t.id AND d.status = 'retired'),
                   (SELECT string_agg(p.key, ',' ORDER BY p.key) FROM update_policies u JOIN products p ON p.id = u.product_id
                    WHERE u.tenant_id = t.id AND u.paused),
                   (SELECT max(pr.last_seen_at) FROM device_presence pr WHERE pr.tenant_id = t.id)
            FROM tenants t
            """;

    @Inject
    EntityManager entityManager;

    @Transactional
    public List<Summary> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SQL).getResultList();
        Map<String, Object[]> byTenant = new HashMap<>();
        rows.forEach(row -> byTenant.put((String) row[0], row));
        return Tenant.listOrdered().stream().map(tenant -> {
            Object[] row = byTenant.getOrDefault(tenant.id, new Object[]{tenant.id, 0L, 0L, null, null});
            List<String> paused = row[3] == null ? List.of() : Arrays.asList(((String) row[3]).split(","));
            return new Summary(tenant.id, tenant.name, tenant.status, tenant.timeZone, ((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), List.copyOf(paused), instant(row[4]), tenant.internal);
        }).toList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            case Instant instant -> instant;
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }
}
