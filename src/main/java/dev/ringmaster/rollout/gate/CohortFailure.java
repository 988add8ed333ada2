package dev.ringmaster.rollout.gate;

import java.util.Arrays;
import java.util.Optional;

/** What a cohort that fails its gate does to the rollout; the plan says which. */
public enum CohortFailure {
    /** Only the cohort stops: its devices are no longer offered the release, the other cohorts go on. */
    QUARANTINE("quarantine"),
    /** The whole rollout halts, as when the ring as a whole fails. */
    HALT("halt");

    private final String code;

    CohortFailure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Parsed once at the edge: the plan editor and the stored column both use the code. */
    public static Optional<CohortFailure> fromCode(String code) {
        return Arrays.stream(values()).filter(value -> value.code.equals(code)).findFirst();
    }
}
