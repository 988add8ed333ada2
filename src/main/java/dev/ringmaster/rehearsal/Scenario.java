package dev.ringmaster.rehearsal;

import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.ring.RingLadder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a rehearsal plays: a candidate release of a product through a ring plan, from {@code start} for at most
 * {@code horizon} of virtual time, every device checking in once per {@code pollInterval}.
 *
 * @param planName            for the result only: the stored plan's name, or "draft"
 * @param planSalt            the salt that puts devices in rings (a draft plan takes the product's default plan's)
 * @param installDuration     from offer to the device's outcome report
 * @param recheck             the offer rules' "come back" when nothing says when (the service's setting)
 * @param installingTimeout   how long an open action counts against the tenant's concurrency without a sign of
 *                            life (the service's setting)
 * @param blastRadiusPerHour  the vendor-wide cap on offers of an unproven release per hour (the service's setting)
 * @param approveManualRings  a ring that waits for a vendor's approval is approved as soon as it waits
 * @param cohorts             how the plan judges cohorts ({@link CohortPlan#NONE}: rings as a whole only)
 * @param acceptUncovered     a ring held back only by uncovered cohorts of later rings has them accepted as soon as it
 *                            waits, as a vendor user would at promote time ({@code POST /rollouts/{id}/cohorts/accept})
 * @param internalRing        the plan's first step is its internal ring, which the ladder has no share for
 */
public record Scenario(String productKey, String version, String planName, String planSalt, List<RingStep> plan,
                       RingLadder ladder, Instant start, Duration horizon, Duration pollInterval, long seed,
                       Duration installDuration, Duration recheck, Duration installingTimeout, int blastRadiusPerHour,
                       boolean approveManualRings, FailureModel failures, CohortPlan cohorts,
                       boolean acceptUncovered, boolean internalRing) {

    /** A scenario whose plan judges rings as a whole only and has no internal ring. */
    public Scenario(String productKey, String version, String planName, String planSalt, List<RingStep> plan,
                    RingLadder ladder, Instant start, Duration horizon, Duration pollInterval, long seed,
                    Duration installDuration, Duration recheck, Duration installingTimeout, int blastRadiusPerHour,
                    boolean approveManualRings, FailureModel failures) {
        this(productKey, version, planName, planSalt, plan, ladder, start, horizon, pollInterval, seed, installDuration,
                recheck, installingTimeout, blastRadiusPerHour, approveManualRings, failures, CohortPlan.NONE, false, false);
    }

    /** A scenario whose plan judges rings as a whole only. */
    public Scenario(String productKey, String version, String planName, String planSalt, List<RingStep> plan,
                    RingLadder ladder, Instant start, Duration horizon, Duration pollInterval, long seed,
                    Duration installDuration, Duration recheck, Duration installingTimeout, int blastRadiusPerHour,
                    boolean approveManualRings, FailureModel failures, boolean internalRing) {
        this(productKey, version, planName, planSalt, plan, ladder, start, horizon, pollInterval, seed, installDuration,
                recheck, installingTimeout, blastRadiusPerHour, approveManualRings, failures, CohortPlan.NONE, false,
                internalRing);
    }

    /** The same scenario under a plan that judges cohorts as {@code cohorts} says. */
    public Scenario withCohorts(CohortPlan cohorts, boolean acceptUncovered) {
        return new Scenario(productKey, version, planName, planSalt, plan, ladder, start, horizon, pollInterval, seed,
                installDuration, recheck, installingTimeout, blastRadiusPerHour, approveManualRings, failures, cohorts,
                acceptUncovered, internalRing);
    }

    public Scenario {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(planSalt, "planSalt");
        plan = List.copyOf(plan);
        Objects.requireNonNull(ladder, "ladder");
        if (ladder.cumulativeShares().size() + (internalRing ? 1 : 0) != plan.size()) {
            throw new IllegalArgumentException("the ladder has " + ladder.cumulativeShares().size() + " rings"
                    + (internalRing ? " after the internal ring" : "") + ", the plan " + plan.size());
        }
        Objects.requireNonNull(start, "start");
        requirePositive("horizon", horizon);
        requirePositive("pollInterval", pollInterval);
        Objects.requireNonNull(installDuration, "installDuration");
        requirePositive("recheck", recheck);
        requirePositive("installingTimeout", installingTimeout);
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(cohorts, "cohorts");
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
