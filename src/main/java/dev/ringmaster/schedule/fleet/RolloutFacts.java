package dev.ringmaster.schedule.fleet;

import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.rollout.ring.RingPlacement;
import dev.ringmaster.schedule.RingSchedule;

import java.util.Objects;
import java.util.UUID;

/**
 * The rollout a release's windows are planned against: its ring plan's ladder and salt and whether it runs an
 * internal ring (which decide a device's ring, see {@link RingPlacement}) and when each ring opened or is forecast to
 * open.
 */
public record RolloutFacts(UUID rolloutId, String planSalt, RingLadder ladder, RingSchedule schedule,
                           boolean internalRing) {

    public RolloutFacts {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(planSalt, "planSalt");
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** A plan without an internal ring. */
    public RolloutFacts(UUID rolloutId, String planSalt, RingLadder ladder, RingSchedule schedule) {
        this(rolloutId, planSalt, ladder, schedule, false);
    }

    public RingPlacement placement() {
        return new RingPlacement(planSalt, ladder, internalRing);
    }
}
