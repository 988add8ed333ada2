package dev.ringmaster.rollout.engine;

/** Why a rollout or one of its rings changed; {@link #code()} is what the audit log records. */
public enum TransitionCause {
    APPROVE("approve"),
    START("start"),
    RING_OPENED("ring-opened"),
    RING_PASSED("ring-passed"),
    AWAITING_APPROVAL("awaiting-approval"),
    COMPLETE("complete"),
    HALT("halt"),
    HOLD("hold"),
    HOLD_CLEARED("hold-cleared"),
    PAUSE("pause"),
    RESUME("resume"),
    ABORT("abort"),
    PROMOTE("promote"),
    EMERGENCY_STOP("emergency-stop");

    private final String code;

    TransitionCause(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
