package dev.ringmaster.rollout.gate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a ring plan judges cohorts (DESIGN.md, "Rollouts, gates and halting" → "Cohorts").
 *
 * @param keys        the device attributes whose values make a cohort; empty: the plan judges rings as a whole only
 * @param minSample   finished devices a cohort needs before its own failure rate may fail it
 * @param onFailure   what a failing cohort does
 * @param coverageMin k: finished devices every cohort of later rings needs in the rings opened so far before a ring
 *                    passes; 0 asks for no coverage
 */
public record CohortPlan(List<String> keys, int minSample, CohortFailure onFailure, int coverageMin) {

    /**
     * The keys a plan may name. Only the well-known attributes: their values are few (models, builds, regions,
     * agent versions), while a free key may hold a serial number and make one cohort per device.
     */
    public static final List<String> KEYS = List.of("model", "osBuild", "region", "agentVersion");

    /** Default {@code minSample}: the same as a ring's default minimum before a halt. */
    public static final int DEFAULT_MIN_SAMPLE = GateRule.DEFAULT_MIN_REPORTS_FOR_HALT;

    public static final CohortPlan NONE = new CohortPlan(List.of(), DEFAULT_MIN_SAMPLE, CohortFailure.QUARANTINE, 0);

    public CohortPlan {
        List<GateRule.Violation> violations = violations(keys, minSample, coverageMin);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.getFirst().field() + " " + violations.getFirst().problem());
        }
        if (onFailure == null) {
            throw new IllegalArgumentException("onFailure must not be null");
        }
        keys = List.copyOf(keys);
    }

    public boolean judgesCohorts() {
        return !keys.isEmpty();
    }

    /** The cohort of a device with these attributes. */
    public Cohort cohortOf(Map<String, String> attributes) {
        return new Cohort(keys, keys.stream().map(attributes::get).toList());
    }

    /** Every broken rule, empty for valid settings: the one statement of them, for the constructor and the editor. */
    public static List<GateRule.Violation> violations(List<String> keys, int minSample, int coverageMin) {
        List<GateRule.Violation> violations = new ArrayList<>();
        if (keys == null) {
            violations.add(new GateRule.Violation("keys", "must not be null"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                if (!KEYS.contains(key)) {
                    violations.add(new GateRule.Violation("keys[" + i + "]", "must be one of " + KEYS + ", was " + key));
                } else if (!seen.add(key)) {
                    violations.add(new GateRule.Violation("keys[" + i + "]", "is named twice: " + key));
                }
            }
        }
        // Zero would let one failed report fail a cohort before anything else is known, as for a ring.
        if (minSample < 1) {
            violations.add(new GateRule.Violation("minSample", "must be at least 1, was " + minSample));
        }
        if (coverageMin < 0) {
            violations.add(new GateRule.Violation("coverageMin", "must not be negative, was " + coverageMin));
        }
        if (keys != null && keys.isEmpty() && coverageMin > 0) {
            violations.add(new GateRule.Violation("coverageMin", "needs cohort keys to count cohorts by"));
        }
        return List.copyOf(violations);
    }
}
