package dev.ringmaster.tenancy;

import java.util.Objects;

/**
 * Whose rows a unit of work may touch: every tenant's (vendor staff, system jobs), one tenant's (its users
 * and devices), or none (anonymous callers). Hibernate's tenant filter and PostgreSQL's row-level security
 * both follow it.
 */
public record TenantScope(Kind kind, String tenantId) {

    public enum Kind { ALL, ONE, NONE }

    public static final TenantScope ALL = new TenantScope(Kind.ALL, null);
    public static final TenantScope NONE = new TenantScope(Kind.NONE, null);

    public TenantScope {
        Objects.requireNonNull(kind);
        if ((kind == Kind.ONE) != (tenantId != null)) {
            throw new IllegalArgumentException("a tenant id goes with exactly the ONE scope");
        }
    }

    public static TenantScope of(String tenantId) {
        return new TenantScope(Kind.ONE, Objects.requireNonNull(tenantId));
    }
}
