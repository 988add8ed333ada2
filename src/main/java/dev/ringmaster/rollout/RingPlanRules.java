package dev.ringmaster.rollout;

import dev.ringmaster.error.Problem;
import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.ring.RingLadder;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a ring plan's rings as the editor accepts them, with every problem named by its field
 * ({@code rings[2].share}). The share ladder and the gate are checked by {@link RingLadder} and {@link GateRule}
 * themselves, so a plan the editor accepts is one the rollout engine can run.
 */
public final class RingPlanRules {

    static final int MOST_RINGS = 10;
    /** A soak of more than a month is a stalled rollout rather than a careful one. */
    static final Duration LONGEST_SOAK = Duration.ofDays(30);
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,30}");
    static final String NAME_RULE = "must be 2 to 31 of a-z, 0-9 and -, starting with a letter";
    /** The columns: cumulative_share numeric(9, 8), the gate shares numeric(5, 4); more would be rounded away. */
    private static final int SHARE_DECIMALS = 8;
    private static final int GATE_DECIMALS = 4;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    private RingPlanRules() {
    }

    /** Every problem of the rings, empty when the plan may be stored. */
    public static List<Problem.FieldError> check(boolean emergency, List<RingPlanResource.RingSpec> rings) {
        RingPlanRules rules = new RingPlanRules();
        rules.checkRings(emergency, rings);
        return List.copyOf(rules.errors);
    }

    /** The plan's cohort settings, named {@code cohorts.…}; null (left out) is no cohorts and no problem. */
    public static List<Problem.FieldError> checkCohorts(RingPlanResource.CohortSpec cohorts) {
        if (cohorts == null) {
            return List.of();
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (GateRule.Violation violation : CohortPlan.violations(cohorts.keys(), cohorts.minSampleOrDefault(),
                cohorts.coverageMinOrDefault())) {
            errors.add(new Problem.FieldError("cohorts." + violation.field(), violation.problem()));
        }
        if (CohortFailure.fromCode(cohorts.onFailureOrDefault()).isEmpty()) {
            errors.add(new Problem.FieldError("cohorts.onFailure", "must be quarantine or halt, was " + cohorts.onFailure()));
        }
        return List.copyOf(errors);
    }

    /** Settings {@link #checkCohorts} accepted, in the rule's form. */
    public static CohortPlan cohorts(RingPlanResource.CohortSpec cohorts) {
        if (cohorts == null) {
            return CohortPlan.NONE;
        }
        return new CohortPlan(cohorts.keys(), cohorts.minSampleOrDefault(),
                CohortFailure.fromCode(cohorts.onFailureOrDefault()).orElseThrow(), cohorts.coverageMinOrDefault());
    }

    /**
     * The plan's internal ring, named {@code internalRing.…}; null (left out) is no problem. A required one has its
     * soak and gate checked as a customer ring's are.
     */
    public static List<Problem.FieldError> checkInternalRing(RingPlanResource.InternalRingSpec internal) {
        if (internal == null) {
            return List.of();
        }
        if (internal.required() == null) {
            return List.of(new Problem.FieldError("internalRing.required", "must be true or false"));
        }
        if (!internal.required()) {
            return List.of();
        }
        RingPlanRules rules = new RingPlanRules();
        rules.checkTimesAndGate("internalRing", internal.asRing());
        return List.copyOf(rules.errors);
    }

    /** The plan's own name, checked on creation. */
    public static List<Problem.FieldError> checkName(String name) {
        return name != null && NAME.matcher(name).matches() ? List.of() : List.of(new Problem.FieldError("name", NAME_RULE));
    }

    /**
     * The engine's rings of a plan {@link #check} accepted (a stored plan's view, or a draft a rehearsal plays), with
     * the gate defaults the editor documents: the same numbers a rollout on the stored plan runs with.
     */
    public static List<RingStep> steps(List<RingPlanResource.RingSpec> rings) {
        return rings.stream().map(ring -> new RingStep(ring.name(), new GateRule(ring.gate().minFinished(),
                ring.gate().minFinishedShare(), ring.gate().maxFailureRate(), ring.minSoak(), ring.gate().silenceTimeout(),
                ring.gate().minReportsForHaltOrDefault(), ring.gate().installTimeoutOrDefault()), ring.manualApproval())).toList();
    }

    /** The same, with the plan's internal ring (null: none) first, as a rollout on the stored plan runs it. */
    public static List<RingStep> steps(RingPlanResource.InternalRingSpec internal, List<RingPlanResource.RingSpec> rings) {
        if (internal == null) {
            return steps(rings);
        }
        List<RingStep> steps = new ArrayList<>(steps(List.of(internal.asRing())));
        steps.addAll(steps(rings));
        return List.copyOf(steps);
    }

    /** The plan's share ladder, which puts each device in its ring. */
    public static RingLadder ladder(List<RingPlanResource.RingSpec> rings) {
        return new RingLadder(rings.stream().map(RingPlanResource.RingSpec::share).toList());
    }

    private void checkRings(boolean emergency, List<RingPlanResource.RingSpec> rings) {
        if (rings == null || rings.isEmpty() || rings.size() > MOST_RINGS) {
            add("rings", "must hold 1 to " + MOST_RINGS + " rings");
            return;
        }
        // An emergency plan compresses the soaks, never the staging: ring 0 must still go before everyone else.
        if (emergency && rings.size() < 2) {
            add("rings", "an emergency plan needs at least 2 rings, so ring 0 goes before everyone else");
        }
        Set<String> names = new HashSet<>();
        List<BigDecimal> shares = new ArrayList<>();
        for (int i = 0; i < rings.size(); i++) {
            RingPlanResource.RingSpec ring = rings.get(i);
            String at = "rings[" + i + "]";
            if (ring == null) {
                add(at, "must not be null");
                shares.add(null);
                continue;
            }
            if (ring.name() == null || !NAME.matcher(ring.name()).matches()) {
                add(at + ".name", NAME_RULE);
            } else if (RingPlanResource.INTERNAL_RING.equals(ring.name())) {
                add(at + ".name", "'" + RingPlanResource.INTERNAL_RING + "' is the name of the plan's internal ring (internalRing)");
            } else if (!names.add(ring.name())) {
                add(at + ".name", "must be unique in the plan; '" + ring.name() + "' is used by an earlier ring");
            }
            shares.add(ring.share());
            checkDecimals(at + ".share", ring.share(), SHARE_DECIMALS);
            checkTimesAndGate(at, ring);
        }
        for (RingLadder.Violation violation : RingLadder.violations(shares)) {
            add(violation.index() < 0 ? "rings" : "rings[" + violation.index() + "].share", violation.problem());
        }
    }

    private void checkTimesAndGate(String at, RingPlanResource.RingSpec ring) {
        if (ring.minSoak() != null && ring.minSoak().compareTo(LONGEST_SOAK) > 0) {
            add(at + ".minSoak", "must be at most " + LONGEST_SOAK.toDays() + " days, was " + ring.minSoak());
        }
        checkGate(at, ring);
    }

    private void checkGate(String at, RingPlanResource.RingSpec ring) {
        RingPlanResource.GateSpec gate = ring.gate();
        if (gate == null) {
            add(at + ".gate", "must not be null");
            if (ring.minSoak() == null || ring.minSoak().isNegative()) {
                add(at + ".minSoak", "must not be negative, was " + ring.minSoak());
            }
            return;
        }
        if (gate.minFinished() == null) {
            add(at + ".gate.minFinished", "must not be null");
        }
        int minFinished = gate.minFinished() == null ? 0 : gate.minFinished();
        for (GateRule.Violation violation : GateRule.violations(minFinished, gate.minFinishedShare(), gate.maxFailureRate(),
                ring.minSoak(), gate.silenceTimeout(), gate.minReportsForHaltOrDefault(), gate.installTimeoutOrDefault())) {
            String field = violation.field().equals("minSoak") ? at + ".minSoak" : at + ".gate." + violation.field();
            add(field, violation.problem());
        }
        checkDecimals(at + ".gate.minFinishedShare", gate.minFinishedShare(), GATE_DECIMALS);
        checkDecimals(at + ".gate.maxFailureRate", gate.maxFailureRate(), GATE_DECIMALS);
    }

    private void checkDecimals(String field, BigDecimal value, int most) {
        if (value != null && Math.max(0, value.stripTrailingZeros().scale()) > most) {
            add(field, "must have at most " + most + " decimals");
        }
    }

    private void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }
}
