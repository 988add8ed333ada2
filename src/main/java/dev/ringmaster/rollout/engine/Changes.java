package dev.ringmaster.rollout.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one command or reconciler step does to a rollout, so that each change to the snapshot comes
 * with the transition that audits it and neither can be forgotten.
 */
final class Changes {

    private Rollout rollout;
    private final List<Transition> transitions = new ArrayList<>();

    Changes(Rollout rollout) {
        this.rollout = rollout;
    }

    Rollout rollout() {
        return rollout;
    }

    /** A change of the rollout's state. */
    Changes move(RolloutState to, TransitionCause cause, String actor, String reason, Instant at) {
        RolloutState from = rollout.state();
        rollout = rollout.withState(to, at);
        transitions.add(new Transition(from, to, rollout.currentRing(), cause, actor, reason, at));
        return this;
    }

    /** A change within the rollout's current state, about one ring. */
    Changes note(int ring, TransitionCause cause, String actor, String reason, Instant at) {
        transitions.add(new Transition(rollout.state(), rollout.state(), ring, cause, actor, reason, at));
        return this;
    }

    Changes ring(int position, RingStatus status) {
        rollout = rollout.withRing(position, status);
        return this;
    }

    Changes openRing(int position, String actor, String reason, Instant at) {
        rollout = rollout.withRing(position, rollout.ring(position).open(at)).withCurrentRing(position);
        return note(position, TransitionCause.RING_OPENED, actor, reason, at);
    }

    /**
     * The current ring passed: complete on the last ring, otherwise open the next one, unless that one needs a
     * vendor's approval and {@code approved} is false, in which case the rollout stays at the passed ring.
     */
    Changes passCurrentRing(TransitionCause cause, String actor, String reason, boolean approved, Instant at) {
        int ring = rollout.currentRing();
        rollout = rollout.withRing(ring, rollout.currentStatus().pass(at));
        note(ring, cause, actor, reason, at);
        if (rollout.isLastRing(ring)) {
            return move(RolloutState.COMPLETED, TransitionCause.COMPLETE, actor,
                    "last ring '" + rollout.currentStep().name() + "' passed", at);
        }
        int next = ring + 1;
        RingStep nextStep = rollout.plan().get(next);
        if (nextStep.manualApproval() && !approved) {
            return note(next, TransitionCause.AWAITING_APPROVAL, actor,
                    "ring '" + nextStep.name() + "' opens once a vendor approves it", at);
        }
        return openRing(next, actor, "ring '" + nextStep.name() + "' opened after ring '"
                + rollout.plan().get(ring).name() + "' passed", at);
    }

    Outcome outcome() {
        return new Outcome(rollout, transitions);
    }
}
