package dev.ringmaster.audit;

import dev.ringmaster.tenancy.Caller;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the audit log, newest first, a page at a time ({@code before} is the last id of the previous page), for the
 * API and the consoles alike. A tenant's users read their tenant's entries only, whatever the filter asks; vendor
 * staff read every tenant's and the vendor's own.
 */
@ApplicationScoped
public class AuditQuery {

    @Transactional
    public List<AuditEntry> find(Caller caller, AuditFilter filter, Long before, int limit) {
        AuditFilter scoped = filter;
        if (!caller.isVendor()) {
            String own = caller.tenantSlug().orElseThrow();
            if (filter.tenant() != null && !filter.tenant().equals(own)) {
                throw new ForbiddenException("a tenant reads only its own audit log");
            }
            scoped = filter.withTenant(own);
        }
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (scoped.tenant() != null) {
            where.append(" and tenantId = :tenant");
            parameters.put("tenant", scoped.tenant());
        }
        if (scoped.actor() != null) {
            where.append(" and actor = :actor");
            parameters.put("actor", scoped.actor());
        }
        if (scoped.action() != null) {
            // "rollout" finds the whole family (rollout.start, rollout.pause, …) as well as an action named exactly so.
            where.append(" and (action = :action or action like :family escape '\\')");
            parameters.put("action", scoped.action());
            parameters.put("family", escape(scoped.action()) + ".%");
        }
        if (scoped.target() != null) {
            where.append(" and (targetType = :target or targetId = :target)");
            parameters.put("target", scoped.target());
        }
        if (scoped.from() != null) {
            where.append(" and at >= :from");
            parameters.put("from", scoped.from());
        }
        if (scoped.to() != null) {
            where.append(" and at < :to");
            parameters.put("to", scoped.to());
        }
        if (before != null) {
            where.append(" and id < :before");
            parameters.put("before", before);
        }
        return AuditEntry.<AuditEntry>find(where + " order by id desc", parameters).page(0, limit).list();
    }

    /** A typed '%' or '_' is looked for as itself, not as a wildcard. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
