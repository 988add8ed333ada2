package dev.ringmaster.web.tenant;

import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.web.chart.BarChart;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Counts for the fleet overview's charts: the caller's tenant's active devices by installed version of one
 * product, and all its devices by status. Filtered by tenant here and again by row-level security.
 */
@ApplicationScoped
public class FleetCounts {

    static final String NONE_REPORTED = "none reported";

    @Inject
    CurrentCaller caller;

    @Transactional
    @SuppressWarnings("unchecked")
    public List<BarChart.Entry> byVersion(String productKey) {
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        SELECT coalesce(v.version, :none), count(*) FROM devices d
                        LEFT JOIN (device_installed_versions v JOIN products p ON p.id = v.product_id AND p.key = :product)
                               ON v.device_id = d.id AND v.tenant_id = d.tenant_id
                        WHERE d.tenant_id = :tenant AND d.status = 'active'
                        GROUP BY 1 ORDER BY 2 DESC, 1""")
                .setParameter("none", NONE_REPORTED).setParameter("product", productKey)
                .setParameter("tenant", caller.tenantId()).setMaxResults(20).getResultList();
        return rows.stream().map(row -> new BarChart.Entry((String) row[0], ((Number) row[1]).longValue())).toList();
    }

    /** Active devices split by whether they have checked in; retired ones counted apart. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<BarChart.Entry> byStatus() {
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        SELECT CASE WHEN d.status = 'retired' THEN 'retired'
                                    WHEN p.device_id IS NULL THEN 'active, never checked in'
                                    ELSE 'active, checked in' END, count(*)
                        FROM devices d LEFT JOIN device_presence p ON p.device_id = d.id
                        WHERE d.tenant_id = :tenant GROUP BY 1 ORDER BY 1""")
                .setParameter("tenant", caller.tenantId()).getResultList();
        return rows.stream().map(row -> new BarChart.Entry((String) row[0], ((Number) row[1]).longValue())).toList();
    }
}
