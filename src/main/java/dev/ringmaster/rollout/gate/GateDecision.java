package dev.ringmaster.rollout.gate;

import java.util.List;

/**
 * A gate's outcome and the reasons behind it, each with its numbers, so that the console and the audit log
 * can show why a ring passed, waits, halted or is on hold.
 */
public record GateDecision(GateOutcome outcome, List<String> reasons) {

    public GateDecision {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome must not be null");
        }
        if (reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException("reasons must not be empty: every decision has to be explainable");
        }
        reasons = List.copyOf(reasons);
    }
}
