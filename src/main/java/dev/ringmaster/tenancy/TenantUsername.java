package dev.ringmaster.tenancy;

/**
 * The name a tenant's invited user signs in with: the name the admin chose, qualified by the tenant
 * ({@code name@tenant}). Keycloak's usernames are realm-wide; qualified, two tenants never compete for one, so an
 * invitation cannot tell an admin whether a name is taken in another tenant. Tenant ids hold no {@code @}, so the
 * last one splits a qualified name unambiguously.
 */
public record TenantUsername(String tenant, String name) {

    public String login() {
        return name + "@" + tenant;
    }
}
