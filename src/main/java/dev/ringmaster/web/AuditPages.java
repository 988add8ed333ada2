package dev.ringmaster.web;

import dev.ringmaster.audit.AuditEntry;
import dev.ringmaster.tenancy.Caller;
import dev.ringmaster.tenancy.CurrentCaller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log, newest first, a page at a time: a tenant's users read their tenant's entries, vendor admins
 * everything (the same rule as the API's audit endpoint).
 */
@Path("/console/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "tenant-admin", "tenant-operator", "tenant-viewer"})
public class AuditPages {

    static final int PAGE = 50;

    public record Entry(long id, String tenant, Instant at, String actor, String action, String target, String before, String after) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Entry> entries, Long older);
    }

    @Inject
    CurrentCaller currentCaller;

    @GET
    @Transactional
    public TemplateInstance list(@QueryParam("before") Long before) {
        Caller caller = currentCaller.get();
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (!caller.isVendor()) {
            where.append(" and tenantId = :tenant");
            parameters.put("tenant", caller.tenantSlug().orElseThrow());
        }
        if (before != null && before > 0) {
            where.append(" and id < :before");
            parameters.put("before", before);
        }
        List<Entry> entries = AuditEntry.<AuditEntry>find(where + " order by id desc", parameters).page(0, PAGE).list().stream()
                .map(e -> new Entry(e.id, e.tenantId == null ? "vendor" : e.tenantId, e.at, e.actor, e.action,
                        e.targetType + " " + e.targetId, e.before == null ? "" : e.before.toString(), e.after == null ? "" : e.after.toString()))
                .toList();
        Long older = entries.size() == PAGE ? entries.getLast().id() : null;
        return Templates.list(entries, older);
    }
}
