package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.GateDecision;
import dev.ringmaster.rollout.gate.RingHealth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout after a command or reconciler step, and the transitions to audit, in the order they happened.
 * A reconciler step that judged a gate also carries that {@link Verdict}, a wait included (which changes nothing
 * and so leaves no transition), so the verdict history is kept from the one place verdicts are made.
 */
public record Outcome(Rollout after, List<Transition> transitions, Verdict verdict) {

    /** The gate's decision on one ring, with the health it was judged on. */
    public record Verdict(int ring, GateDecision decision, RingHealth health) {

        public Verdict {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(health, "health");
        }
    }

    public Outcome {
        Objects.requireNonNull(after, "after");
        transitions = List.copyOf(transitions);
    }

    public Outcome(Rollout after, List<Transition> transitions) {
        this(after, transitions, null);
    }

    public static Outcome unchanged(Rollout rollout) {
        return new Outcome(rollout, List.of());
    }

    public boolean changed() {
        return !transitions.isEmpty();
    }

    /** What the gate said in this step; empty when no gate was judged (a command, a paused or ended rollout). */
    public Optional<Verdict> judged() {
        return Optional.ofNullable(verdict);
    }

    Outcome judged(Verdict judged) {
        return new Outcome(after, transitions, judged);
    }
}
