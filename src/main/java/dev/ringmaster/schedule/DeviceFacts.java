package dev.ringmaster.schedule;

import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

/**
 * What the merge needs to know about one device.
 *
 * @param zone  null when the device never reported one; the tenant's zone is used then
 * @param ring  the device's ring index, from {@code DeviceBucket} and {@code RingLadder} (or a pilot opt-in)
 * @param pilot whether the device belongs to one of the policy's pilot groups
 */
public record DeviceFacts(UUID deviceId, ZoneId zone, int ring, boolean pilot) {

    public DeviceFacts {
        Objects.requireNonNull(deviceId, "deviceId");
        if (ring < 0) {
            throw new IllegalArgumentException("ring must not be negative: " + ring);
        }
    }

    ZoneId zoneOr(ZoneId tenantZone) {
        return zone == null ? tenantZone : zone;
    }
}
