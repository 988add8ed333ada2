package dev.ringmaster.web.vendor;

import dev.ringmaster.tenancy.Tenant;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every tenant with its device counts, for vendor staff (who see all tenants). */
@Path("/console/vendor/tenants")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class TenantPages {

    public record Row(String id, String name, String status, String timeZone, long active, long retired) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Row> tenants);
    }

    @GET
    @Transactional
    @SuppressWarnings("unchecked")
    public TemplateInstance list() {
        List<Object[]> counts = Panache.getEntityManager().createNativeQuery("""
                SELECT tenant_id, count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE status = 'retired')
                FROM devices GROUP BY tenant_id""").getResultList();
        Map<String, long[]> byTenant = new HashMap<>();
        counts.forEach(row -> byTenant.put((String) row[0], new long[]{((Number) row[1]).longValue(), ((Number) row[2]).longValue()}));
        List<Row> rows = Tenant.listOrdered().stream().map(tenant -> {
            long[] count = byTenant.getOrDefault(tenant.id, new long[2]);
            return new Row(tenant.id, tenant.name, tenant.status.name().toLowerCase(), tenant.timeZone, count[0], count[1]);
        }).toList();
        return Templates.list(rows);
    }
}
