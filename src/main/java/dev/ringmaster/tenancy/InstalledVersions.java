package dev.ringmaster.tenancy;

import dev.ringmaster.release.Product;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Which version of each product a device runs, as it last reported. */
@ApplicationScoped
public class InstalledVersions {

    public void record(Device device, Product product, String version, Instant reportedAt) {
        Panache.getEntityManager().createNativeQuery("""
                        INSERT INTO device_installed_versions (tenant_id, device_id, product_id, version, reported_at)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (device_id, product_id) DO UPDATE SET version = EXCLUDED.version, reported_at = EXCLUDED.reported_at
                        WHERE device_installed_versions.version <> EXCLUDED.version""")
                .setParameter(1, device.tenantId).setParameter(2, device.id).setParameter(3, product.id)
                .setParameter(4, version).setParameter(5, reportedAt)
                .executeUpdate();
    }

    /** Product key to version, ordered by product key. */
    @SuppressWarnings("unchecked")
    public Map<String, String> of(Device device) {
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        SELECT p.key, v.version FROM device_installed_versions v JOIN products p ON p.id = v.product_id
                        WHERE v.tenant_id = ?1 AND v.device_id = ?2""")
                .setParameter(1, device.tenantId).setParameter(2, device.id)
                .getResultList();
        Map<String, String> installed = new TreeMap<>();
        rows.forEach(row -> installed.put((String) row[0], (String) row[1]));
        return installed;
    }
}
