package dev.ringmaster.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.tenancy.Caller;
import dev.ringmaster.tenancy.CurrentCaller;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
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
 * Reading the audit log, newest first, a page at a time ({@code before} is the last id of the previous
 * page). A tenant's users read their tenant's entries; vendor admins read everything. Nothing edits it.
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

    @GET
    @Transactional
    @RolesAllowed({"vendor-admin", "tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<EntryView> list(@QueryParam("before") @Min(1) Long before,
                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                                @QueryParam("tenant") @Pattern(regexp = "[a-z][a-z0-9-]{1,62}") String tenant) {
        Caller caller = currentCaller.get();
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (caller.isVendor()) {
            if (tenant != null) {
                where.append(" and tenantId = :tenant");
                parameters.put("tenant", tenant);
            }
        } else {
            if (tenant != null && !tenant.equals(caller.tenantSlug().orElseThrow())) {
                throw new ForbiddenException("a tenant reads only its own audit log");
            }
            where.append(" and tenantId = :tenant");
            parameters.put("tenant", caller.tenantSlug().orElseThrow());
        }
        if (before != null) {
            where.append(" and id < :before");
            parameters.put("before", before);
        }
        return AuditEntry.<AuditEntry>find(where + " order by id desc", parameters).page(0, limit).list().stream()
                .map(EntryView::of).toList();
    }
}
