package dev.ringmaster.rollout;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.rollout.engine.CohortFindings;
import dev.ringmaster.rollout.engine.CohortPass;
import dev.ringmaster.rollout.engine.RingState;
import dev.ringmaster.rollout.engine.Rollout;
import dev.ringmaster.rollout.gate.Cohort;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.ControlGroup;
import dev.ringmaster.rollout.gate.Coverage;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.gate.RingHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The reconciler's cohort part for a plan with cohort keys (DESIGN.md, "Cohorts"): counts the open rings per cohort,
 * quarantines the current ring's failing cohorts (or asks for a halt, as the plan says) and works out the coverage of
 * later rings' cohorts. What the cohorts conclude is {@link CohortPass} (with {@code CohortGate} and {@link Coverage});
 * this only feeds it from the database and acts on it.
 */
@ApplicationScoped
public class CohortJudgement {

    /**
     * The rings' health for the ring gate (quarantined cohorts left out), each open ring per cohort, and what the
     * cohorts say to the reconciler step.
     */
    public record Judged(Map<Integer, RingHealth> health, Map<Integer, RingHealthQuery.ByCohort> byRing,
                         CohortFindings findings, List<Coverage.Row> coverage, Set<String> accepted) {
    }

    /** A rollout's cohorts as the vendor API shows them. */
    public record CohortsView(UUID rollout, RingPlanResource.CohortSpec plan, List<RingCohorts> rings,
                              List<CoverageRow> coverage, List<CohortQuarantines.QuarantineView> quarantines) {

        /** Some cohort is uncovered and not accepted: what a vendor user may accept now. */
        public boolean acceptable() {
            return coverage.stream().anyMatch(row -> !row.covered() && !row.accepted());
        }
    }

    /** One open ring's health per cohort; quarantined cohorts are listed too, marked. */
    public record RingCohorts(int position, String name, List<CohortHealth> cohorts) {
    }

    /** {@code control}: the cohort's updated devices set against its not-yet-updated ones, in numbers. */
    public record CohortHealth(String cohort, RingHealth health, boolean quarantined, String control) {
    }

    /**
     * A cohort of later rings and its finished devices in the rings opened so far, out of the plan's k; {@code accepted}
     * when a vendor user accepted it uncovered for the current ring.
     */
    public record CoverageRow(String cohort, int finished, int needed, boolean covered, boolean accepted) {
    }

    @Inject
    RingHealthQuery healthQuery;

    @Inject
    CohortQuarantines quarantines;

    @Inject
    CohortControlQuery controlQuery;

    @Inject
    CohortAcceptances acceptances;

    @Inject
    Event<SilenceRecorded> silenceRecorded;

    /**
     * Within the reconciler's pass: may quarantine. A cohort whose silence its own control calls an outage holds the
     * ring, and its devices leave the ring's count while it does, so the outage can neither halt nor pass the ring.
     */
    Judged judge(RolloutRecord record, Rollout rollout, Instant now) {
        return judged(record, rollout, now, true);
    }

    /**
     * The same numbers and findings without acting on them, for the vendor's views: nothing is quarantined or recorded
     * (a cohort failing under a quarantining plan is quarantined by the reconciler's next pass).
     */
    Judged look(RolloutRecord record, Rollout rollout, Instant now) {
        return judged(record, rollout, now, false);
    }

    private Judged judged(RolloutRecord record, Rollout rollout, Instant now, boolean act) {
        CohortPlan plan = record.plan.cohorts();
        Set<String> standing = quarantines.standing(record.id);
        Map<Integer, RingHealthQuery.ByCohort> byRing = countOpenRings(record, plan, standing, now, act);
        int current = rollout.currentRing();
        boolean lastRing = rollout.isLastRing(current);
        boolean coverage = CohortPass.asksCoverage(plan, lastRing);
        Set<String> accepted = coverage ? acceptances.accepted(record.id, current) : Set.of();
        Map<Integer, Map<Cohort, RingHealth>> cohorts = new TreeMap<>();
        byRing.forEach((ring, counted) -> cohorts.put(ring, counted.cohorts()));
        CohortPass pass = CohortPass.judge(new CohortPass.Inputs(plan, cohorts, current, lastRing,
                CohortPass.judgesCurrent(rollout), gate(record, current), CohortPass.soaked(rollout, now), standing,
                coverage ? healthQuery.laterCohorts(record.id, current, plan).keySet() : Set.of(), accepted), act);
        if (!pass.quarantine().isEmpty()) {
            quarantines.quarantine(record, current, pass.quarantine(), now);
        }
        Map<Integer, RingHealthQuery.ByCohort> counted = new TreeMap<>();
        byRing.forEach((ring, ringCounted) -> counted.put(ring, new RingHealthQuery.ByCohort(ringCounted.cohorts(),
                pass.health().get(ring), ringCounted.unrecordedSilent())));
        return new Judged(pass.health(), counted, pass.findings(), pass.coverage(),
                pass.coverage().isEmpty() ? Set.of() : accepted);
    }

    /** The vendor's view of a rollout's cohorts, counted now; nothing is recorded or changed. */
    @Transactional
    public CohortsView view(UUID id, Instant now) {
        RolloutRecord record = RolloutRecord.findById(id);
        if (record == null) {
            throw new NotFoundException("no rollout " + id);
        }
        CohortPlan plan = record.plan.cohorts();
        List<CohortQuarantines.QuarantineView> all = quarantines.all(id);
        if (!plan.judgesCohorts()) {
            return new CohortsView(id, RingPlanResource.CohortSpec.of(plan), List.of(), List.of(), all);
        }
        Judged judged = look(record, RolloutSnapshots.toEngine(record), now);
        Set<String> standing = quarantines.standing(id);
        List<RingCohorts> rings = judged.byRing().entrySet().stream()
                .map(entry -> new RingCohorts(entry.getKey(), record.plan.rings.get(entry.getKey()).name,
                        entry.getValue().cohorts().entrySet().stream()
                                .map(cohort -> new CohortHealth(cohort.getKey().label(), cohort.getValue(),
                                        standing.contains(cohort.getKey().label()),
                                        ControlGroup.of(cohort.getValue()).comparison(cohort.getValue())))
                                .toList()))
                .toList();
        List<CoverageRow> coverage = judged.coverage().stream()
                .map(row -> new CoverageRow(row.cohort().label(), row.finished(), plan.coverageMin(), row.covered(),
                        judged.accepted().contains(row.cohort().label())))
                .toList();
        return new CohortsView(id, RingPlanResource.CohortSpec.of(plan), rings, coverage, all);
    }

    /**
     * A vendor user accepts the cohorts the current ring leaves uncovered (DESIGN.md, "Cohorts": explicit, audited): the
     * ring then passes on its own gate despite the shortfall. Only while the ring is open or on hold, and only when
     * something is uncovered and not accepted yet; the reason is required.
     */
    @Transactional
    public CohortsView acceptUncovered(UUID id, String actor, String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new UnprocessableException("reason", "accepting uncovered cohorts lets a ring pass without having shown"
                    + " the release on them, so it needs a reason");
        }
        RolloutRecord record = RolloutRecord.findById(id);
        if (record == null) {
            throw new NotFoundException("no rollout " + id);
        }
        if (record.plan.cohorts().coverageMin() == 0) {
            throw new ConflictException("the plan of rollout " + id + " asks for no coverage: nothing to accept");
        }
        Rollout rollout = RolloutSnapshots.toEngine(record);
        if (!CohortPass.judgesCurrent(rollout)) {
            throw new ConflictException("rollout " + id + " is " + rollout.state().code()
                    + ": uncovered cohorts are accepted while its current ring is open or on hold");
        }
        Judged judged = look(record, rollout, now);
        List<Coverage.Row> open = Coverage.blocking(judged.coverage(), judged.accepted());
        if (open.isEmpty()) {
            throw new ConflictException("ring " + rollout.currentRing() + " of rollout " + id
                    + " leaves no cohort uncovered that is not accepted already");
        }
        acceptances.accept(record, rollout.currentRing(), open, actor, reason.strip(), now);
        return view(id, now);
    }

    private Map<Integer, RingHealthQuery.ByCohort> countOpenRings(RolloutRecord record, CohortPlan plan,
                                                                  Set<String> standing, Instant now, boolean act) {
        Map<Integer, RingHealthQuery.ByCohort> byRing = new TreeMap<>();
        for (RolloutRingRow row : record.rings) {
            if (!RingState.PENDING.code().equals(row.state)) {
                byRing.put(row.position, count(record, row.position, plan, standing, now, act));
            }
        }
        return byRing;
    }

    /**
     * Counts a ring per cohort; when acting, records the silence of devices that went silent since the last pass, once
     * each.
     */
    private RingHealthQuery.ByCohort count(RolloutRecord record, int position, CohortPlan plan, Set<String> standing,
                                           Instant now, boolean act) {
        GateRule gate = gate(record, position);
        RingHealthQuery.ByCohort counted = healthQuery.countByCohort(record.id, position, gate, plan, standing, now);
        if (act && healthQuery.recordSilence(record.id, counted.unrecordedSilent(), gate.silenceTimeout(), now) > 0) {
            silenceRecorded.fire(new SilenceRecorded(record.id, record.release.id, record.release.product.id));
        }
        return withControls(record, position, counted, standing, now);
    }

    /**
     * Each cohort's health counted against the cohort's own control (its not-yet-updated devices anywhere in the
     * rollout, since the ring opened) rather than the ring's few not-yet-offered devices, which a small ring soon runs
     * out of. The ring as a whole is the sum of its cohorts that are not quarantined, controls included.
     */
    private RingHealthQuery.ByCohort withControls(RolloutRecord record, int position, RingHealthQuery.ByCohort counted,
                                                  Set<String> standing, Instant now) {
        Instant opened = record.rings.stream().filter(row -> row.position == position).findFirst()
                .map(row -> row.openedAt).orElse(null);
        Map<Cohort, ControlGroup> controls = controlQuery.byCohort(record.id, record.plan.cohorts(),
                opened == null ? now : opened, gate(record, position).silenceTimeout(), now);
        Map<Cohort, RingHealth> cohorts = new TreeMap<>();
        counted.cohorts().forEach((cohort, health) ->
                cohorts.put(cohort, health.withControl(controls.getOrDefault(cohort, ControlGroup.NONE))));
        // The ring as a whole is summed from these by CohortPass, which knows which cohorts it leaves out.
        return new RingHealthQuery.ByCohort(cohorts, null, counted.unrecordedSilent());
    }

    private static GateRule gate(RolloutRecord record, int position) {
        return RolloutSnapshots.gate(record.plan.rings.get(position));
    }
}
