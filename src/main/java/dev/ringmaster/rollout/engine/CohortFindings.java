package dev.ringmaster.rollout.engine;

import java.util.List;

/**
 * What the current ring's cohorts say beyond the ring's own gate (DESIGN.md, "Cohorts"), worked out by the caller
 * from {@code CohortGate} and {@code Coverage}.
 *
 * @param halt          reasons of cohorts that failed under a plan that halts on a failing cohort; any halts the rollout
 * @param hold          reasons of cohorts whose silence their own control group calls an outage; any holds the ring
 *                      (their devices are left out of the ring's own count meanwhile, so the outage cannot halt it)
 * @param uncovered     reasons a passing ring may not pass yet: cohorts of later rings not covered so far
 */
public record CohortFindings(List<String> halt, List<String> hold, List<String> uncovered) {

    public static final CohortFindings NONE = new CohortFindings(List.of(), List.of(), List.of());

    public CohortFindings {
        halt = List.copyOf(halt);
        hold = List.copyOf(hold);
        uncovered = List.copyOf(uncovered);
    }
}
