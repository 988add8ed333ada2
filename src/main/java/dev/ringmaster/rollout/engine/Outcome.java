package dev.ringmaster.rollout.engine;

import java.util.List;
import java.util.Objects;

/** The rollout after a command or reconciler step, and the transitions to audit, in the order they happened. */
public record Outcome(Rollout after, List<Transition> transitions) {

    public Outcome {
        Objects.requireNonNull(after, "after");
        transitions = List.copyOf(transitions);
    }

    public static Outcome unchanged(Rollout rollout) {
        return new Outcome(rollout, List.of());
    }

    public boolean changed() {
        return !transitions.isEmpty();
    }
}
