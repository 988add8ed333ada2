package dev.ringmaster.tenancy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Devices as the tenant API shows them. */
public final class DeviceViews {

    private DeviceViews() {
    }

    @Schema(name = "DeviceSummary")
    public record Summary(UUID id, String deviceId, String name, String timeZone, DeviceStatus status,
                          boolean enrolled, Instant lastSeenAt) {

        static Summary of(Device device) {
            return new Summary(device.id, device.externalId, device.name, device.timeZone, device.status,
                    device.tokenHash != null, device.lastSeenAt);
        }
    }

    public record Detail(UUID id, String deviceId, String name, String timeZone, DeviceStatus status, boolean enrolled,
                         Instant enrolledAt, Instant lastSeenAt, Map<String, String> attributes,
                         Map<String, String> installed, List<String> groups, Instant createdAt) {
    }
}
