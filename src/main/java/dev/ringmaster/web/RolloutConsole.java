package dev.ringmaster.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the vendor console needs from the rollout engine: rollouts with their rings' gate numbers and health
 * over time, the vendor actions and the global emergency stop. The console depends on this interface only;
 * it is implemented by {@link StoredRolloutConsole} over the rollout package's services.
 */
public interface RolloutConsole {

    List<Summary> list();

    /**
     * A new rollout of a published release on {@code plan} (null: the product's default), through the same service
     * and rules as the API. Without {@code startAt} it stays scheduled until a vendor starts it (the console starts
     * it right after); with one, the reconciler starts it then.
     */
    UUID create(String product, String version, String plan, Instant startAt);

    /** Where each tenant's devices stand, ring by ring. */
    dev.ringmaster.rollout.TenantRings tenants(UUID id);

    /** The rollout's cohorts: each open ring's health per cohort, the coverage of later rings' cohorts, quarantines. */
    dev.ringmaster.rollout.CohortJudgement.CohortsView cohorts(UUID id);

    /** Lifts the standing quarantine of one of the rollout's cohorts; the service refuses it without a reason. */
    void liftQuarantine(UUID id, String cohort, String reason);

    /**
     * Accepts the cohorts the current ring leaves uncovered, so it passes on its own gate; the service refuses it without
     * a reason, or when nothing is uncovered.
     */
    void acceptUncovered(UUID id, String reason);

    Optional<Detail> detail(UUID id);

    /** @param reason required for {@link Action#PROMOTE}, recorded for every action */
    void act(UUID id, Action action, String reason);

    /** Halts every running rollout at once. */
    void emergencyStop(String reason);

    enum Action {
        START, PAUSE, RESUME, ABORT, PROMOTE, ROLLBACK,
        /** One of the two distinct approvals an emergency rollout needs. */
        APPROVE,
        /** Opens the next ring where the plan asks for a vendor's approval. */
        APPROVE_NEXT_RING;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Pausing, aborting and rolling back stop updates: the console asks for a ticked confirmation, JavaScript or not. */
        public boolean stopsUpdates() {
            return this == PAUSE || this == ABORT || this == ROLLBACK;
        }

        /** Promote passes a gate and rollback republishes an old release: both are explained in the audit log. */
        public boolean needsReason() {
            return this == PROMOTE || this == ROLLBACK;
        }
    }

    /**
     * @param scheduledFor when a scheduled rollout starts by itself; null when a vendor starts it
     * @param ended        completed, halted or aborted: its release may get no further rings from it
     */
    record Summary(UUID id, String product, String version, String plan, String state, int currentRing, int rings,
                   Instant scheduledFor, Instant startedAt, boolean ended) {

        public boolean scheduled() {
            return "scheduled".equals(state);
        }
    }

    /**
     * @param actions   what the engine accepts now
     * @param approvers for an emergency rollout, who approved it so far (it starts with two distinct ones); else empty
     */
    record Detail(Summary summary, List<RingView> rings, List<Action> actions, boolean emergency, List<String> approvers,
                  String stateReason) {
    }

    /**
     * One ring's gate numbers: devices reached, succeeded (confirmed by a check-in on the new version), failed
     * (silent, stuck and reverted ones included, as the gate counts them), the failure rate's upper bound against
     * the threshold, and health samples over time for the chart.
     */
    record RingView(int position, String name, String state, long devices, long succeeded, long failed, long silent,
                    long stuck, long reverted, String failureBound, String threshold, java.time.Duration soak, List<HealthPoint> health,
                    List<Verdict> verdicts) {
    }

    /**
     * One of the gate's verdicts on a ring as it changed over time (pass, wait, halt, hold), with its reasons and the
     * numbers it was judged on.
     */
    record Verdict(Instant at, String verdict, List<String> reasons, long offered, long finished, long failures, long silent) {
    }

    record HealthPoint(Instant at, long succeeded, long failed, long silent) {
    }
}
