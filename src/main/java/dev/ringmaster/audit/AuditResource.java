package dev.ringmaster.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.tenancy.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/**
 * Reading the audit log through {@link AuditQuery}, newest first, a page at a time ({@code before} is the last id of
 * the previous page), filtered. A tenant's users read their tenant's entries; vendor admins and release managers (who
 * answer for what their rollouts did) read everything. Nothing edits it.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    public record EntryView(long id, String tenant, Instant at, String actor, String actorKind, String action,
                            String targetType, String targetId, JsonNode before, JsonNode after) {

        static EntryView of(AuditEntry entry) {
            return new EntryView(entry.id, entry.tenantId, entry.at, entry.actor, entry.actorKind, entry.action,
                    entry.targetType, entry.targetId, entry.before, entry.after);
        }
    }

    @Inject
    CurrentCaller currentCaller;

    @Inject
    AuditQuery query;

    /**
     * Filters as {@link AuditFilter} reads them: {@code actor}, {@code action} (or its family), {@code target} (type or
     * id), {@code from} and {@code to} (ISO-8601), and for the vendor {@code tenant}; a broken one is answered 422 with
     * the field named.
     */
    @GET
    @RolesAllowed({"vendor-admin", "vendor-release-manager", "tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<EntryView> list(@QueryParam("before") @Min(1) Long before,
                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                                @QueryParam("tenant") String tenant, @QueryParam("actor") String actor,
                                @QueryParam("action") String action, @QueryParam("target") String target,
                                @QueryParam("from") String from, @QueryParam("to") String to) {
        AuditFilter filter = AuditFilter.parse(tenant, actor, action, target, from, to);
        return query.find(currentCaller.get(), filter, before, limit).stream().map(EntryView::of).toList();
    }
}
