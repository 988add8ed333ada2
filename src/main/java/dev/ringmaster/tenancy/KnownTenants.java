package dev.ringmaster.tenancy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a token's organization is a tenant of this service. Keycloak may hold organizations that have no tenant
 * row (made by hand in the realm, never loaded as a tenant): their users' tokens are valid, and without this check
 * a tenant endpoint would try to write a row for a tenant that does not exist. Tenants are never deleted, so one
 * found stays known and the check costs a set lookup per request; an unknown one is read again each time.
 */
@ApplicationScoped
public class KnownTenants {

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public boolean exists(String tenantId) {
        if (known.contains(tenantId)) {
            return true;
        }
        // System scope: the caller's own scope is what is being decided, and row-level security hides tenant rows.
        boolean exists = BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew()
                .call(() -> Tenant.findOptional(tenantId).isPresent()));
        if (exists) {
            known.add(tenantId);
        }
        return exists;
    }
}
