package dev.ringmaster.web.vendor;

import dev.ringmaster.audit.AuditEntry;
import dev.ringmaster.audit.AuditFilter;
import dev.ringmaster.audit.AuditQuery;
import dev.ringmaster.error.UnprocessableException;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.time.Instant;
import java.util.List;

/**
 * The vendor's audit log with filters (actor, action or its family, target, tenant, time range in UTC), newest
 * first, a page at a time. Vendor admins and release managers, as the API's audit endpoint: it shows every
 * tenant's entries. The filter is read by {@link AuditFilter} and the entries found by {@link AuditQuery}, as for
 * the API.
 */
@Path("/console/vendor/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager"})
public class VendorAuditPages {

    static final int PAGE = 50;

    public record Entry(long id, String tenant, Instant at, String actor, String action, String target, String before,
                        String after) {
    }

    /** The form's fields as typed, so a refused filter is shown back for correction. */
    public record Form(String tenant, String actor, String action, String target, String from, String to) {

        /** The query string of this filter for the next page's link. */
        public String query() {
            UriBuilder uri = UriBuilder.fromPath("");
            add(uri, "tenant", tenant);
            add(uri, "actor", actor);
            add(uri, "action", action);
            add(uri, "target", target);
            add(uri, "from", from);
            add(uri, "to", to);
            return uri.build().getRawQuery() == null ? "" : uri.build().getRawQuery() + "&";
        }

        private static void add(UriBuilder uri, String name, String value) {
            if (value != null && !value.isBlank()) {
                uri.queryParam(name, value.strip());
            }
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Form form, List<Entry> entries, Long older, List<String> errors);
    }

    @Inject
    CurrentCaller caller;

    @Inject
    AuditQuery query;

    @GET
    public Response list(@QueryParam("tenant") String tenant, @QueryParam("actor") String actor,
                         @QueryParam("action") String action, @QueryParam("target") String target,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("before") Long before) {
        Form form = new Form(tenant, actor, action, target, from, to);
        AuditFilter filter;
        try {
            filter = AuditFilter.parse(tenant, actor, action, target, from, to);
        } catch (UnprocessableException e) {
            List<String> errors = e.errors().stream().map(error -> error.field() + ": " + error.message()).toList();
            return Response.status(422).entity(Templates.list(form, List.of(), null, errors)).build();
        }
        List<Entry> entries = query.find(caller.get(), filter, before == null || before < 1 ? null : before, PAGE).stream()
                .map(VendorAuditPages::entry).toList();
        Long older = entries.size() == PAGE ? entries.getLast().id() : null;
        return Response.ok(Templates.list(form, entries, older, List.of())).build();
    }

    private static Entry entry(AuditEntry e) {
        return new Entry(e.id, e.tenantId == null ? "vendor" : e.tenantId, e.at, e.actor, e.action,
                e.targetType + " " + e.targetId, e.before == null ? "" : e.before.toString(), e.after == null ? "" : e.after.toString());
    }
}
