package dev.ringmaster.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A tenant as the API shows it. */
public record TenantView(UUID id, String slug, String name, TenantStatus status, String timeZone, Instant createdAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.slug, tenant.name, tenant.status, tenant.timeZone, tenant.createdAt);
    }
}
