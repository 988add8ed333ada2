package dev.ringmaster.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The caller's tenant's time zone: the zone a tenant's people read times in (the console names it next to
 * every time it writes in it). A user has no zone of their own, and the tenant's is the one its policies
 * default to, so it is the zone its people plan in.
 */
@ApplicationScoped
public class TenantZones {

    @Inject
    CurrentCaller caller;

    @Transactional
    public ZoneId current() {
        return Tenant.findOptional(caller.tenantId()).map(tenant -> tenant.timeZone)
                .filter(zone -> zone != null && ZoneId.getAvailableZoneIds().contains(zone))
                .map(ZoneId::of).orElse(ZoneOffset.UTC);
    }
}
