package dev.ringmaster.rollout.gate;

/** What a ring's gate says about the rollout right now. */
public enum GateOutcome {
    /** The ring has shown enough: the next ring may open. */
    PASS,
    /** Nothing wrong yet, but not enough shown: keep soaking and collecting reports. */
    WAIT,
    /** The release is confidently bad: stop the rollout. */
    HALT,
    /** Devices went quiet whether updated or not, most likely an outage: neither pass nor halt until it clears. */
    HOLD
}
