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
     */
    public record Summary(String product, String version, String plan, long seed, int devices, int tenants,
                          Instant start, Instant end, String state, Instant haltedAt, String haltReason,
                          String timeToHalt, Instant completedAt, String timeToComplete, int holds,
                          BlastRadius blastRadius, int bricked, Counts total) {
    }

    /** Devices offered the release outside ring 0, and their tenants. */
    public record BlastRadius(int devices, int tenants) {
    }

    public record Counts(int offered, int succeeded, int failed, int silent) {
    }

    public record Hour(int hour, Instant at, Map<String, Counts> byRing, Map<String, Counts> byTenant) {
    }

    public record Change(Instant at, String sinceStart, int ring, String ringName, String from, String to, String cause,
                         String actor, String reason, RingHealth health) {
    }

    public record RingEnd(int position, String name, String state, Instant openedAt, Instant passedAt, int devices,
                          RingHealth health) {
    }
}
