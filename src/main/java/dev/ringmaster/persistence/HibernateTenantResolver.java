package dev.ringmaster.persistence;

import dev.ringmaster.tenancy.RequestTenant;
import dev.ringmaster.tenancy.TenantScope;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells Hibernate's discriminator multi-tenancy whose rows a session sees. Tenant ids are slugs, so the two
 * markers below can never be a tenant's id.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class HibernateTenantResolver implements TenantResolver {

    /** Vendor staff and system jobs: Hibernate adds no tenant filter. */
    static final String ROOT = "*";
    /** Nobody: matches no row. */
    static final String NOBODY = "-";

    @Override
    public String getDefaultTenantId() {
        return NOBODY;
    }

    @Override
    public String resolveTenantId() {
        TenantScope scope = RequestTenant.current();
        return switch (scope.kind()) {
            case ALL -> ROOT;
            case ONE -> scope.tenantId();
            case NONE -> NOBODY;
        };
    }

    @Override
    public boolean isRoot(String tenantId) {
        return ROOT.equals(tenantId);
    }
}
