package dev.ringmaster.tenancy;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as the token says: vendor staff (vendor roles, no organization) or a customer user
 * (tenant roles and exactly one organization, whose alias is the tenant slug).
 */
public record Caller(String subject, String username, Set<Role> roles, Optional<String> tenantSlug) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isVendor() {
        return tenantSlug.isEmpty() && roles.stream().anyMatch(Role::isVendor);
    }

    /** Whether this caller may see the tenant with the given slug. */
    public boolean canSee(String slug) {
        return isVendor() || tenantSlug.filter(slug::equals).isPresent();
    }
}
