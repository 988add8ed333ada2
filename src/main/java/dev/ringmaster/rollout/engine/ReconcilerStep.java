package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.GateDecision;
import dev.ringmaster.rollout.gate.GateEvaluator;
import dev.ringmaster.rollout.gate.GateOutcome;
import dev.ringmaster.rollout.gate.RingHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One pass of the reconciler over one rollout: evaluates the current ring's gate and moves the rollout on.
 * Pure: the clock and the ring health are arguments, so tests step it with fixed instants.
 *
 * <p>A step handles the current ring only and opens at most one ring, so a newly opened ring is first judged
 * at the next step. A step that finds nothing to change returns no transitions; since every change moves the
 * rollout to a state where the same inputs change nothing (halted, on hold, waiting for approval, or a new
 * ring whose own gate decides), repeating a step never repeats its transitions.
 */
public final class ReconcilerStep {

    private ReconcilerStep() {
    }

    /**
     * @param healthOfRing the health of a ring by position; only asked for the current ring, and only when
     *                     the rollout is running or on hold
     */
    public static Outcome step(Rollout rollout, Function<Integer, RingHealth> healthOfRing, Instant now) {
        return step(rollout, healthOfRing, CohortFindings.NONE, now);
    }

    /**
     * The same, with what the current ring's cohorts say: a failing cohort under a halting plan halts the rollout like
     * a failing ring, a cohort in an outage holds the ring (and keeps it on hold), and uncovered cohorts keep a ring
     * that would pass waiting. Ignored unless the ring is open or on hold.
     */
    public static Outcome step(Rollout rollout, Function<Integer, RingHealth> healthOfRing, CohortFindings cohorts,
                               Instant now) {
        Objects.requireNonNull(cohorts, "cohorts");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(healthOfRing, "healthOfRing");
        Objects.requireNonNull(now, "now");
        return switch (rollout.state()) {
            case RUNNING -> running(rollout, healthOfRing, cohorts, now);
            case ON_HOLD -> onHold(rollout, healthOfRing, cohorts, now);
            // Paused waits for the vendor; scheduled for start; the rest are final.
            case SCHEDULED, PAUSED, HALTED, COMPLETED, ABORTED -> Outcome.unchanged(rollout);
        };
    }

    private static Outcome running(Rollout rollout, Function<Integer, RingHealth> healthOfRing, CohortFindings cohorts,
                                   Instant now) {
        // Anything but open is a passed ring waiting for a vendor's approval of the next one.
        if (rollout.currentStatus().state() != RingState.OPEN) {
            return Outcome.unchanged(rollout);
        }
        int ring = rollout.currentRing();
        RingHealth health = health(rollout, healthOfRing);
        GateDecision decision = withCohorts(evaluate(rollout, health, now), cohorts);
        Outcome.Verdict verdict = new Outcome.Verdict(ring, decision, health);
        String reasons = String.join("; ", decision.reasons());
        Changes changes = new Changes(rollout);
        Outcome outcome = switch (decision.outcome()) {
            case WAIT -> Outcome.unchanged(rollout);
            case HALT -> changes.ring(ring, rollout.currentStatus().halt())
                    .move(RolloutState.HALTED, TransitionCause.HALT, Transition.SYSTEM, reasons, now)
                    .outcome();
            case HOLD -> changes.ring(ring, rollout.currentStatus().hold())
                    .move(RolloutState.ON_HOLD, TransitionCause.HOLD, Transition.SYSTEM, reasons, now)
                    .outcome();
            case PASS -> changes.passCurrentRing(TransitionCause.RING_PASSED, Transition.SYSTEM, reasons, false, now)
                    .outcome();
        };
        return outcome.judged(verdict);
    }

    /**
     * A hold ends when the gate stops saying hold. A halt ends it at once; otherwise the rollout runs again and
     * the next step judges the ring as usual, so that leaving a hold and passing are two audited moves.
     */
    private static Outcome onHold(Rollout rollout, Function<Integer, RingHealth> healthOfRing, CohortFindings cohorts,
                                  Instant now) {
        if (rollout.currentStatus().state() != RingState.ON_HOLD) {
            return Outcome.unchanged(rollout);
        }
        int ring = rollout.currentRing();
        RingHealth health = health(rollout, healthOfRing);
        GateDecision decision = withCohorts(evaluate(rollout, health, now), cohorts);
        Outcome.Verdict verdict = new Outcome.Verdict(ring, decision, health);
        String reasons = String.join("; ", decision.reasons());
        Changes changes = new Changes(rollout);
        if (decision.outcome() == GateOutcome.HOLD) {
            return Outcome.unchanged(rollout).judged(verdict);
        }
        if (decision.outcome() == GateOutcome.HALT) {
            return changes.ring(ring, rollout.currentStatus().halt())
                    .move(RolloutState.HALTED, TransitionCause.HALT, Transition.SYSTEM, reasons, now)
                    .outcome().judged(verdict);
        }
        return changes.ring(ring, rollout.currentStatus().reopen())
                .move(RolloutState.RUNNING, TransitionCause.HOLD_CLEARED, Transition.SYSTEM, reasons, now)
                .outcome().judged(verdict);
    }

    private static RingHealth health(Rollout rollout, Function<Integer, RingHealth> healthOfRing) {
        return Objects.requireNonNull(healthOfRing.apply(rollout.currentRing()), "no health for ring " + rollout.currentRing());
    }

    /**
     * The ring's own halt comes first; then a failing cohort halts; then a cohort's outage holds the ring; uncovered
     * cohorts turn a pass into a wait. Public so the vendor's view of a ring says what the reconciler would.
     */
    public static GateDecision withCohorts(GateDecision ring, CohortFindings cohorts) {
        if (ring.outcome() == GateOutcome.HALT) {
            return ring;
        }
        if (!cohorts.halt().isEmpty()) {
            List<String> reasons = new ArrayList<>(cohorts.halt());
            reasons.addAll(ring.reasons());
            return new GateDecision(GateOutcome.HALT, reasons);
        }
        if (!cohorts.hold().isEmpty()) {
            List<String> reasons = new ArrayList<>(cohorts.hold());
            reasons.addAll(ring.reasons());
            return new GateDecision(GateOutcome.HOLD, reasons);
        }
        if (ring.outcome() == GateOutcome.PASS && !cohorts.uncovered().isEmpty()) {
            List<String> reasons = new ArrayList<>(ring.reasons());
            reasons.addAll(cohorts.uncovered());
            return new GateDecision(GateOutcome.WAIT, reasons);
        }
        return ring;
    }

    private static GateDecision evaluate(Rollout rollout, RingHealth health, Instant now) {
        Duration soaked = Duration.between(rollout.currentStatus().openedAt(), now);
        // The opening time may come from another node whose clock ran slightly ahead: count that as no soak yet.
        if (soaked.isNegative()) {
            soaked = Duration.ZERO;
        }
        return GateEvaluator.evaluate(rollout.currentStep().gate(), health, soaked);
    }
}
