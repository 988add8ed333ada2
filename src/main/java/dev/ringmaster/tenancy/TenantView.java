package dev.ringmaster.tenancy;

import java.time.Instant;

/** A tenant as the API shows it. */
public record TenantView(String id, String name, TenantStatus status, String timeZone, Instant createdAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.name, tenant.status, tenant.timeZone, tenant.createdAt);
    }
}
