package dev.ringmaster.schedule.fleet;

import dev.ringmaster.schedule.PlannedWindow;
import dev.ringmaster.schedule.Reason;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The merge's answer for one device, as stored in {@code release_windows}. Devices with equal inputs share one
 * {@code plan} instance (see {@link TenantPlan}), which lets the store write each distinct explanation once.
 */
public record DeviceWindow(String tenantId, UUID deviceId, UUID releaseId, UUID rolloutId, PlannedWindow plan,
                           List<Reason> reasons) {

    public DeviceWindow {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(reasons, "reasons");
    }

    public int ring() {
        return plan.ring();
    }
}
