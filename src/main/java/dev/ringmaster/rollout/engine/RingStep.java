package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.GateRule;

import java.util.Objects;

/**
 * One ring of the plan a rollout follows.
 *
 * @param manualApproval the ring opens only once a vendor approves it, even after the ring before it passed
 */
public record RingStep(String name, GateRule gate, boolean manualApproval) {

    public RingStep {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a ring needs a name");
        }
        Objects.requireNonNull(gate, "gate");
    }
}
