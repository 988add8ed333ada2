package dev.ringmaster.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Fired (CDI event, synchronously, inside the transaction of the change) when devices of a tenant changed in a way
 * their release windows depend on: created, time zone changed, retired, joined or left a pilot group.
 *
 * @param deviceIds the devices concerned; null when it may concern every device of the tenant (a pilot group's
 *                  members changed, which moves the tenant's pilot gate)
 */
public record TenantDevicesChanged(String tenantId, List<UUID> deviceIds) {

    public static TenantDevicesChanged devices(String tenantId, Collection<UUID> deviceIds) {
        return new TenantDevicesChanged(tenantId, List.copyOf(deviceIds));
    }

    public static TenantDevicesChanged everyDevice(String tenantId) {
        return new TenantDevicesChanged(tenantId, null);
    }
}
