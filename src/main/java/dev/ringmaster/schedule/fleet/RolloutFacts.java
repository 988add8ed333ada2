package dev.ringmaster.schedule.fleet;

import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.schedule.RingSchedule;

import java.util.Objects;
import java.util.UUID;

/**
 * The rollout a release's windows are planned against: its ring plan's ladder and salt (which decide a device's
 * ring) and when each ring opened or is forecast to open.
 */
public record RolloutFacts(UUID rolloutId, String planSalt, RingLadder ladder, RingSchedule schedule) {

    public RolloutFacts {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(planSalt, "planSalt");
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(schedule, "schedule");
    }
}
