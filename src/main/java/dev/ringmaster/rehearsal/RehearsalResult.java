package dev.ringmaster.rehearsal;

import dev.ringmaster.rollout.gate.RingHealth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a rehearsal answers. Durations are ISO-8601 text ("PT26H"), measured from the rehearsal's start.
 *
 * @param timeline    per virtual hour with anything happening: what happened in it, by ring and by tenant
 * @param transitions every change of the rollout and its rings, with the gate's reasons and the ring's numbers
 * @param rings       each ring at the end
 * @param waiting     per tenant, the devices that did not get the release by the end and why they were last told
 *                    to wait (the offer rules' reason, or "not-targeted" when the tenant's policy plans another
 *                    release for them): which tenants' windows, deferrals and pilot gates set the pace
 */
public record RehearsalResult(Summary summary, List<Hour> timeline, List<Change> transitions, List<RingEnd> rings,
                              Map<String, Map<String, Long>> waiting) {

    /**
     * @param state          the rollout's state when the rehearsal ended: completed, halted, on_hold, running…
     * @param end            the virtual instant it ended: completion, halt, or the horizon
     * @param timeToHalt     from the start to the halt; null when it did not halt
     * @param timeToComplete from the start to the last ring's pass; null when it did not complete
     * @param holds          how many times the rollout was put on hold
     * @param bricked        devices that never came back after they started installing (silent bricks)
     * @param cohortKeys     the plan's cohort keys; empty when it judges rings as a whole only
     * @param quarantines    cohorts that failed their gate under a quarantining plan, in order
     * @param coverageWaits  spells in which a ring's own gate passed but later rings' cohorts were not covered yet
     */
    public record Summary(String product, String version, String plan, long seed, int devices, int tenants,
                          Instant start, Instant end, String state, Instant haltedAt, String haltReason,
                          String timeToHalt, Instant completedAt, String timeToComplete, int holds,
                          BlastRadius blastRadius, int bricked, Counts total, List<String> cohortKeys,
                          List<Quarantine> quarantines, List<CoverageWait> coverageWaits) {
    }

    /**
     * A quarantined cohort: no device of it was offered the release after {@code at}, its open actions were cancelled.
     *
     * @param reason    the cohort's gate reasons with its numbers and its control group
     * @param health    the cohort's health in the ring when it failed
     * @param offered   the cohort's devices offered the release (all before the quarantine)
     * @param cancelled of those, the ones whose open action was cancelled by the quarantine
     * @param spared    the cohort's devices never offered the release
     */
    public record Quarantine(String cohort, int ring, String ringName, Instant at, String sinceStart, String reason,
                             RingHealth health, int offered, int cancelled, int spared) {
    }

    /**
     * A ring whose own gate passed while cohorts of later rings were not covered: it waited from {@code from} until
     * {@code until} (null: still at the end).
     *
     * @param accepted the uncovered cohorts were accepted by the request's {@code acceptUncovered}, not covered
     */
    public record CoverageWait(int ring, String ringName, Instant from, String sinceStart, Instant until, String waited,
                               String reason, boolean accepted) {
    }

    /** Devices offered the release outside ring 0, and their tenants. */
    public record BlastRadius(int devices, int tenants) {
    }

    public record Counts(int offered, int succeeded, int failed, int silent) {
    }

    /** @param events what happened to the rollout's cohorts in the hour: quarantines, coverage waits, acceptances */
    public record Hour(int hour, Instant at, Map<String, Counts> byRing, Map<String, Counts> byTenant,
                       List<String> events) {
    }

    public record Change(Instant at, String sinceStart, int ring, String ringName, String from, String to, String cause,
                         String actor, String reason, RingHealth health) {
    }

    public record RingEnd(int position, String name, String state, Instant openedAt, Instant passedAt, int devices,
                          RingHealth health) {
    }
}
