package dev.ringmaster.schedule.fleet;

import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

/**
 * One active device of a tenant as the fleet merge sees it.
 *
 * @param zone null when the device never reported one (the tenant's zone applies)
 */
public record DeviceInput(UUID id, String externalId, ZoneId zone) {

    public DeviceInput {
        Objects.requireNonNull(id, "id");
    }
}
