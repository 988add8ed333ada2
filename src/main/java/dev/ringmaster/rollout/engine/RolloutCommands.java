package dev.ringmaster.rollout.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.ringmaster.rollout.engine.RolloutState.ON_HOLD;
import static dev.ringmaster.rollout.engine.RolloutState.PAUSED;
import static dev.ringmaster.rollout.engine.RolloutState.RUNNING;
import static dev.ringmaster.rollout.engine.RolloutState.SCHEDULED;

/**
 * What the vendor release team can do to a rollout. Pure: each action returns the rollout after it and the
 * transitions to audit, or throws {@link IllegalRolloutAction} saying why the action is not allowed now.
 * Reasons are optional except where the action overrides the gates (promote).
 */
public final class RolloutCommands {

    private static final Set<RolloutState> STOPPABLE = EnumSet.of(RUNNING, PAUSED, ON_HOLD);

    private RolloutCommands() {
    }

    /** Records one approver of an emergency rollout; it starts only with {@value Rollout#EMERGENCY_APPROVERS} distinct ones. */
    public static Outcome approve(Rollout rollout, String approver, Instant at) {
        requireActor(approver);
        if (!rollout.emergency()) {
            throw new IllegalRolloutAction(rollout.id(), "approve",
                    "only an emergency rollout takes approvers; a ring that needs approval is opened with approveNextRing");
        }
        requireState(rollout, "approve", EnumSet.of(SCHEDULED));
        if (rollout.approvers().contains(approver)) {
            throw new IllegalRolloutAction(rollout.id(), "approve", approver + " already approved it, and an emergency"
                    + " rollout needs " + Rollout.EMERGENCY_APPROVERS + " distinct approvers");
        }
        Rollout after = rollout.withApprover(approver);
        return new Changes(after)
                .note(0, TransitionCause.APPROVE, approver,
                        "approval " + after.approvers().size() + " of " + Rollout.EMERGENCY_APPROVERS, at)
                .outcome();
    }

    /** Starts the rollout by opening ring 0: even an emergency release reaches the vendor's own devices first. */
    public static Outcome start(Rollout rollout, String actor, String reason, Instant at) {
        requireActor(actor);
        requireState(rollout, "start", EnumSet.of(SCHEDULED));
        if (rollout.emergency() && rollout.approvers().size() < Rollout.EMERGENCY_APPROVERS) {
            throw new IllegalRolloutAction(rollout.id(), "start", "an emergency rollout needs "
                    + Rollout.EMERGENCY_APPROVERS + " distinct approvers and has " + rollout.approvers().size()
                    + (rollout.approvers().isEmpty() ? "" : " (" + String.join(", ", rollout.approvers()) + ")"));
        }
        // Ring 0 opens on start even if the plan asks approval for it: starting is that approval.
        return new Changes(rollout.withCurrentRing(0))
                .move(RUNNING, TransitionCause.START, actor, reason, at)
                .openRing(0, actor, "ring '" + rollout.plan().get(0).name() + "' opened on start", at)
                .outcome();
    }

    public static Outcome pause(Rollout rollout, String actor, String reason, Instant at) {
        requireActor(actor);
        requireState(rollout, "pause", EnumSet.of(RUNNING));
        return new Changes(rollout).move(PAUSED, TransitionCause.PAUSE, actor, reason, at).outcome();
    }

    /**
     * Resumes a paused rollout, or overrides a hold. An overridden hold lasts only until the next reconciler
     * step finds the gate still on hold.
     */
    public static Outcome resume(Rollout rollout, String actor, String reason, Instant at) {
        requireActor(actor);
        requireState(rollout, "resume", EnumSet.of(PAUSED, ON_HOLD));
        Changes changes = new Changes(rollout);
        if (rollout.currentStatus().state() == RingState.ON_HOLD) {
            changes.ring(rollout.currentRing(), rollout.currentStatus().reopen());
        }
        return changes.move(RUNNING, TransitionCause.RESUME, actor, reason, at).outcome();
    }

    public static Outcome abort(Rollout rollout, String actor, String reason, Instant at) {
        requireActor(actor);
        requireState(rollout, "abort", EnumSet.of(SCHEDULED, RUNNING, PAUSED, ON_HOLD));
        return new Changes(rollout).move(RolloutState.ABORTED, TransitionCause.ABORT, actor, reason, at).outcome();
    }

    /**
     * Passes the current ring without waiting for its gate, and opens the next one, approval needed or not:
     * the promotion is a vendor's decision already. On the last ring the rollout completes.
     */
    public static Outcome promote(Rollout rollout, String actor, String reason, Instant at) {
        requireActor(actor);
        if (reason == null || reason.isBlank()) {
            throw new IllegalRolloutAction(rollout.id(), "promote",
                    "a reason is required: promoting passes a ring without its gate");
        }
        requireState(rollout, "promote", EnumSet.of(RUNNING));
        if (rollout.awaitingApproval()) {
            throw new IllegalRolloutAction(rollout.id(), "promote", "ring '" + rollout.currentStep().name()
                    + "' already passed and ring '" + rollout.plan().get(rollout.currentRing() + 1).name()
                    + "' waits for approval: approve the next ring instead");
        }
        return new Changes(rollout)
                .passCurrentRing(TransitionCause.PROMOTE, actor, reason, true, at)
                .outcome();
    }

    /** Opens the next ring once the current one passed and the plan asks a vendor to approve the next. */
    public static Outcome approveNextRing(Rollout rollout, String actor, Instant at) {
        requireActor(actor);
        requireState(rollout, "approve the next ring of", EnumSet.of(RUNNING));
        if (!rollout.awaitingApproval()) {
            throw new IllegalRolloutAction(rollout.id(), "approve the next ring of", "ring '"
                    + rollout.currentStep().name() + "' is " + rollout.currentStatus().state().code()
                    + ", and only a passed ring with a ring after it waits for approval");
        }
        int next = rollout.currentRing() + 1;
        return new Changes(rollout)
                .openRing(next, actor, "ring '" + rollout.plan().get(next).name() + "' approved by " + actor, at)
                .outcome();
    }

    /** Halts one rollout at once, whatever its gates say; the open or held ring halts with it. */
    public static Outcome emergencyStop(Rollout rollout, String actor, String reason, Instant at) {
        requireActor(actor);
        requireState(rollout, "emergency-stop", STOPPABLE);
        Changes changes = new Changes(rollout);
        RingStatus current = rollout.currentStatus();
        if (current.state().canMoveTo(RingState.HALTED)) {
            changes.ring(rollout.currentRing(), current.halt());
        }
        return changes.move(RolloutState.HALTED, TransitionCause.EMERGENCY_STOP, actor, reason, at).outcome();
    }

    /**
     * The global emergency stop: halts every started, unfinished rollout given. The others (scheduled, or
     * already finished) are skipped rather than refused, so that one finished rollout cannot block the stop.
     */
    public static List<Outcome> emergencyStopAll(Collection<Rollout> rollouts, String actor, String reason, Instant at) {
        requireActor(actor);
        List<Outcome> stopped = new ArrayList<>();
        for (Rollout rollout : rollouts) {
            if (STOPPABLE.contains(rollout.state())) {
                stopped.add(emergencyStop(rollout, actor, reason, at));
            }
        }
        return stopped;
    }

    private static void requireState(Rollout rollout, String action, Set<RolloutState> allowed) {
        RolloutState state = Objects.requireNonNull(rollout, "rollout").state();
        if (allowed.contains(state)) {
            return;
        }
        String why = state.isTerminal()
                ? "it is " + state.code() + ", which is final"
                : "it is " + state.code() + ", and " + action + " needs it "
                        + allowed.stream().map(RolloutState::code).collect(Collectors.joining(" or "));
        throw new IllegalRolloutAction(rollout.id(), action, why);
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("every vendor action needs the user who takes it");
        }
        if (Transition.SYSTEM.equals(actor)) {
            throw new IllegalArgumentException("'" + Transition.SYSTEM + "' is the reconciler, not a user");
        }
    }
}
