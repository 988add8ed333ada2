package dev.ringmaster.web;

import dev.ringmaster.audit.AuditFilter;
import dev.ringmaster.audit.AuditQuery;
import dev.ringmaster.tenancy.CurrentCaller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/**
 * The audit log, newest first, a page at a time: a tenant's users read their tenant's entries, vendor admins
 * everything (the same rule and query as the API's audit endpoint, {@link AuditQuery}). Vendor admins have
 * {@code /console/vendor/audit} with filters in their navigation.
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

    @Inject
    AuditQuery query;

    @GET
    public TemplateInstance list(@QueryParam("before") Long before) {
        List<Entry> entries = query.find(currentCaller.get(), AuditFilter.NONE, before == null || before < 1 ? null : before, PAGE)
                .stream()
                .map(e -> new Entry(e.id, e.tenantId == null ? "vendor" : e.tenantId, e.at, e.actor, e.action,
                        e.targetType + " " + e.targetId, e.before == null ? "" : e.before.toString(), e.after == null ? "" : e.after.toString()))
                .toList();
        Long older = entries.size() == PAGE ? entries.getLast().id() : null;
        return Templates.list(entries, older);
    }
}
