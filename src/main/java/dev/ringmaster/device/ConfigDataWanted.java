package dev.ringmaster.device;

import java.time.Instant;

/**
 * When a DDI poll links {@code configData} (DESIGN "Device protocols"): only when Ringmaster wants the device's
 * attributes. hawkBit agents answer the link at once (RAUC's updater PUTs its attributes on every poll that
 * carries it, each an audited write; SWUpdate with an {@code identify} section answers it instead of installing),
 * so it is given on first contact (no attributes sent yet), after an update (the device's attributes may have
 * changed with its software), or when an operator asked for them since they last came.
 *
 * @param sentAt      when the device last sent its attributes; null: never
 * @param requestedAt when an operator last asked for them; null: never
 * @param updatedAt   when the device last finished an update successfully; null: never
 */
public record ConfigDataWanted(Instant sentAt, Instant requestedAt, Instant updatedAt) {

    public boolean wanted() {
        if (sentAt == null) {
            return true;
        }
        return (requestedAt != null && requestedAt.isAfter(sentAt)) || (updatedAt != null && updatedAt.isAfter(sentAt));
    }
}
