package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.Cohort;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortGate;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.Coverage;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.gate.RingHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one reconciler pass concludes from a plan's cohorts (DESIGN.md, "Cohorts"), before {@link ReconcilerStep} moves
 * the rollout: the current ring's failing cohorts are quarantined (or halt, as the plan says), a cohort whose silence its
 * own control calls an outage holds the ring and leaves the ring's count meanwhile, and the later rings' cohorts not
 * covered so far keep a passing ring waiting. Pure: the service feeds it from the database, the rehearsal from its
 * simulated fleet, so both judge cohorts by this one statement.
 *
 * @param quarantine the current ring's cohorts that fail now under a quarantining plan: the caller stands them
 * @param health     each open ring as the ring gate counts it: its cohorts summed, controls included, without the
 *                   quarantined cohorts (and, for the current ring, without those holding it)
 * @param findings   what the cohorts tell the reconciler step
 * @param coverage   the later rings' cohorts with their finished devices so far; empty when the plan asks for no
 *                   coverage or the current ring is the last
 */
public record CohortPass(List<CohortGate.Verdict> quarantine, Map<Integer, RingHealth> health, CohortFindings findings,
                         List<Coverage.Row> coverage) {

    /**
     * What the rollout's cohorts look like now.
     *
     * @param byRing        each open ring's health per cohort, each cohort counted against its own control group
     * @param judgesCurrent whether the current ring is judged now (open, or on hold to tell when an outage ends)
     * @param gate          the current ring's gate
     * @param soaked        how long the current ring has been open
     * @param standing      labels of the rollout's standing quarantines
     * @param laterCohorts  the plan's cohorts of the devices in rings after the current one
     * @param accepted      labels of the cohorts a vendor user accepted uncovered for the current ring
     */
    public record Inputs(CohortPlan plan, Map<Integer, Map<Cohort, RingHealth>> byRing, int current, boolean lastRing,
                         boolean judgesCurrent, GateRule gate, Duration soaked, Set<String> standing,
                         Set<Cohort> laterCohorts, Set<String> accepted) {
    }

    /**
     * @param quarantineNow false for a look that acts on nothing (the vendor's views): a cohort failing under a
     *                      quarantining plan is then neither quarantined nor left out of the counts
     */
    public static CohortPass judge(Inputs in, boolean quarantineNow) {
        CohortPlan plan = in.plan();
        Set<String> standing = new HashSet<>(in.standing());
        List<CohortGate.Verdict> quarantine = List.of();
        List<String> halt = List.of();
        List<String> hold = List.of();
        Set<String> holdingCurrent = Set.of();
        Map<Cohort, RingHealth> current = in.byRing().get(in.current());
        if (in.judgesCurrent() && current != null) {
            List<CohortGate.Verdict> verdicts = verdicts(in, current, standing);
            List<CohortGate.Verdict> failing = CohortGate.failing(verdicts);
            if (!failing.isEmpty() && plan.onFailure() == CohortFailure.QUARANTINE) {
                if (quarantineNow) {
                    quarantine = failing;
                    failing.forEach(verdict -> standing.add(verdict.cohort().label()));
                    verdicts = verdicts(in, current, standing);
                }
            } else if (!failing.isEmpty()) {
                halt = failing.stream().map(verdict -> "cohort " + verdict.reason()).toList();
            }
            List<CohortGate.Verdict> holding = CohortGate.holding(verdicts);
            if (!holding.isEmpty()) {
                hold = holding.stream().map(verdict -> "cohort " + verdict.reason()).toList();
                holdingCurrent = holding.stream().map(verdict -> verdict.cohort().label()).collect(Collectors.toSet());
            }
        }
        Map<Integer, RingHealth> health = new TreeMap<>();
        for (Map.Entry<Integer, Map<Cohort, RingHealth>> ring : in.byRing().entrySet()) {
            Set<String> leftOut = standing;
            if (ring.getKey() == in.current() && !holdingCurrent.isEmpty()) {
                leftOut = new HashSet<>(standing);
                leftOut.addAll(holdingCurrent);
            }
            health.put(ring.getKey(), rest(ring.getValue(), leftOut));
        }
        List<Coverage.Row> coverage = coverage(in, standing);
        List<Coverage.Row> blocking = Coverage.blocking(coverage, in.accepted());
        List<String> uncovered = blocking.isEmpty() ? List.of() : List.of(Coverage.reason(blocking, plan.coverageMin()));
        return new CohortPass(List.copyOf(quarantine), health, new CohortFindings(halt, hold, uncovered), coverage);
    }

    /** Cohorts are judged while the current ring is open, and while it is on hold, to tell when an outage ends. */
    public static boolean judgesCurrent(Rollout rollout) {
        return rollout.state() == RolloutState.RUNNING && rollout.currentStatus().state() == RingState.OPEN
                || rollout.state() == RolloutState.ON_HOLD && rollout.currentStatus().state() == RingState.ON_HOLD;
    }

    /** How long the current ring has been open; an opening a little ahead of this node's clock counts as none. */
    public static Duration soaked(Rollout rollout, Instant now) {
        Duration soaked = Duration.between(rollout.currentStatus().openedAt(), now);
        return soaked.isNegative() ? Duration.ZERO : soaked;
    }

    /** Whether the caller needs the later cohorts and acceptances at all: only for coverage. */
    public static boolean asksCoverage(CohortPlan plan, boolean lastRing) {
        return plan.coverageMin() > 0 && !lastRing;
    }

    private static List<CohortGate.Verdict> verdicts(Inputs in, Map<Cohort, RingHealth> current, Set<String> standing) {
        Set<Cohort> quarantined = current.keySet().stream().filter(cohort -> standing.contains(cohort.label()))
                .collect(Collectors.toSet());
        return CohortGate.evaluate(in.gate(), in.plan().minSample(), current, quarantined, in.soaked());
    }

    /** The ring as a whole without the {@code leftOut} cohorts, updated devices and controls alike. */
    private static RingHealth rest(Map<Cohort, RingHealth> cohorts, Set<String> leftOut) {
        RingHealth rest = RingHealth.EMPTY;
        for (Map.Entry<Cohort, RingHealth> entry : cohorts.entrySet()) {
            if (!leftOut.contains(entry.getKey().label())) {
                rest = rest.plus(entry.getValue());
            }
        }
        return rest;
    }

    /**
     * Every cohort of later rings with its finished devices in the rings opened so far. Quarantined cohorts are left
     * out: they will not be offered the release, so there is nothing to cover.
     */
    private static List<Coverage.Row> coverage(Inputs in, Set<String> standing) {
        if (!asksCoverage(in.plan(), in.lastRing())) {
            return List.of();
        }
        Map<Cohort, Integer> finished = new HashMap<>();
        in.byRing().forEach((ring, cohorts) -> cohorts
                .forEach((cohort, health) -> finished.merge(cohort, health.finished(), Integer::sum)));
        Set<Cohort> later = in.laterCohorts().stream().filter(cohort -> !standing.contains(cohort.label()))
                .collect(Collectors.toSet());
        return Coverage.table(later, finished, in.plan().coverageMin());
    }
}
