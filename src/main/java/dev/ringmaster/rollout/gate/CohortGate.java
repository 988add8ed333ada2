package dev.ringmaster.rollout.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ring's gate judged per cohort: {@link GateEvaluator}'s rule, applied to each cohort's health with the cohort's
 * own minimum sample in place of the ring's minimum before a halt. A cohort fails when that rule would halt it. Pure.
 *
 * <p>The health's control ({@link ControlGroup}) is the cohort's own: its not-yet-updated devices, wherever they sit
 * in the rollout, so silence is read against devices that share the cohort's hardware, build or region.
 *
 * <p>Only HALT fails a cohort. A cohort that would pass or wait just goes on with its ring, and one whose silence looks
 * like an outage (HOLD) is not failed either: an outage in one region must not quarantine the region; it holds the ring
 * ({@link #holding}) until the region checks in again.
 */
public final class CohortGate {

    /** A cohort's own decision, with the numbers behind it. */
    public record Verdict(Cohort cohort, RingHealth health, GateDecision decision) {

        public boolean failed() {
            return decision.outcome() == GateOutcome.HALT;
        }

        /** "osBuild=21.3: failure rate lower bound …": the cohort named in front of each reason. */
        public String reason() {
            return cohort.label() + ": " + String.join("; ", decision.reasons());
        }
    }

    private CohortGate() {
    }

    /** Every cohort's verdict, in cohort order; {@code alreadyQuarantined} are left out (they are judged no more). */
    public static List<Verdict> evaluate(GateRule ring, int minSample, Map<Cohort, RingHealth> byCohort,
                                         Set<Cohort> alreadyQuarantined, Duration soaked) {
        Objects.requireNonNull(ring, "ring");
        GateRule cohortRule = new GateRule(ring.minFinished(), ring.minFinishedShare(), ring.maxFailureRate(),
                ring.minSoak(), ring.silenceTimeout(), minSample, ring.installTimeout());
        List<Verdict> verdicts = new ArrayList<>();
        new TreeMap<>(byCohort).forEach((cohort, health) -> {
            if (!alreadyQuarantined.contains(cohort) && health.offered() > 0) {
                verdicts.add(new Verdict(cohort, health, withControl(GateEvaluator.evaluate(cohortRule, health, soaked),
                        health)));
            }
        });
        return List.copyOf(verdicts);
    }

    /**
     * The decision with the cohort's updated devices set against its control in numbers, last: whoever reads why a
     * cohort was quarantined (or not) sees whether its not-yet-updated devices behaved any differently.
     */
    private static GateDecision withControl(GateDecision decision, RingHealth health) {
        List<String> reasons = new ArrayList<>(decision.reasons());
        reasons.add("control: " + ControlGroup.of(health).comparison(health));
        return new GateDecision(decision.outcome(), reasons);
    }

    /** The cohorts whose silence their control calls an outage: they hold the ring rather than fail. */
    public static List<Verdict> holding(List<Verdict> verdicts) {
        return verdicts.stream().filter(verdict -> verdict.decision().outcome() == GateOutcome.HOLD).toList();
    }

    /** The cohorts that fail. */
    public static List<Verdict> failing(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::failed).toList();
    }
}
