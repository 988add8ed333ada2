package dev.ringmaster.tenancy;

import java.time.Instant;

/**
 * A tenant as the API shows it.
 *
 * @param internal the vendor's own fleet, whose devices go first in every rollout
 */
public record TenantView(String id, String name, TenantStatus status, String timeZone, boolean internal, Instant createdAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.name, tenant.status, tenant.timeZone, tenant.internal, tenant.createdAt);
    }
}
