package dev.ringmaster.tenancy;

import dev.ringmaster.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Stores what a device reports about itself, only when it differs from what is stored: then audited once, and the
 * device follows its tenant's dynamic groups. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class AttributeChanges {

    /** How reported attributes meet the stored ones (DDI configData's modes; the native check-in merges). */
    public enum Mode {
        MERGE, REPLACE, REMOVE
    }

    @Inject
    DynamicGroups dynamicGroups;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<TenantDevicesChanged> devicesChanged;

    /**
     * @param source who reported them, for the audit: {@code enrollment}, {@code check-in}, {@code configData}, {@code import}
     * @param field  the request field they came in, for a refusal's name
     * @return the attributes stored now
     */
    public DeviceAttributes apply(Device device, DeviceAttributes reported, Mode mode, String source, String field) {
        DeviceAttributes before = new DeviceAttributes(device.attributes);
        DeviceAttributes after = switch (mode) {
            case MERGE -> reported.mergedInto(before, field);
            case REPLACE -> reported;
            case REMOVE -> reported.removedFrom(before);
        };
        if (after.equals(before)) {
            return before;
        }
        device.attributes = new HashMap<>(after.values());
        device.updatedAt = clock.instant();
        audit.record(device.tenantId, "device.attributes", "device", device.id, Map.of("attributes", before.values()),
                Map.of("attributes", after.values(), "source", source));
        followGroups(device, after);
        return after;
    }

    /** A device created with attributes joins the dynamic groups they match (its enrollment is audited as such). */
    public void created(Device device) {
        followGroups(device, new DeviceAttributes(device.attributes));
    }

    private void followGroups(Device device, DeviceAttributes attributes) {
        if (dynamicGroups.follow(device.tenantId, device.id, attributes).pilot()) {
            // A pilot group's members move its tenant's pilot gate, which every other device waits for.
            devicesChanged.fire(TenantDevicesChanged.everyDevice(device.tenantId));
        }
    }
}
