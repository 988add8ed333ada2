package dev.ringmaster.rehearsal;

import dev.ringmaster.device.offer.Budgets;
import dev.ringmaster.device.offer.Cancellations;
import dev.ringmaster.device.offer.OfferCandidate;
import dev.ringmaster.device.offer.OfferDecision;
import dev.ringmaster.device.offer.OfferRules;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.SharedFacts;
import dev.ringmaster.device.offer.WaitReason;
import dev.ringmaster.rollout.engine.BlastRadiusCap;
import dev.ringmaster.rollout.engine.CohortPass;
import dev.ringmaster.rollout.engine.Outcome;
import dev.ringmaster.rollout.engine.ReconcilerStep;
import dev.ringmaster.rollout.engine.RingState;
import dev.ringmaster.rollout.engine.RingStatus;
import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.engine.Rollout;
import dev.ringmaster.rollout.engine.RolloutCommands;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.rollout.engine.Transition;
import dev.ringmaster.rollout.engine.TransitionCause;
import dev.ringmaster.rollout.gate.Cohort;
import dev.ringmaster.rollout.gate.CohortGate;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.ControlGroup;
import dev.ringmaster.rollout.gate.Coverage;
import dev.ringmaster.rollout.gate.DeviceStanding;
import dev.ringmaster.rollout.gate.GateOutcome;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.gate.RingHealth;
import dev.ringmaster.schedule.ReleaseFacts;
import dev.ringmaster.schedule.RingSchedule;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.schedule.fleet.DeviceWindow;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.ReleaseCandidate;
import dev.ringmaster.schedule.fleet.RolloutFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.schedule.fleet.TenantPlan;
import dev.ringmaster.schedule.store.RolloutSchedules;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Plays a candidate release over a {@link FleetSnapshot} in virtual time, in memory, through the classes production
 * runs (DESIGN.md, "Rehearsal"): {@link TenantPlan} and the release-window planner for every device's window,
 * {@link SharedFacts#join} and {@link OfferRules} with both caps ({@link Budgets} for the tenant's concurrency,
 * {@link BlastRadiusCap} for the vendor's blast radius) and {@link Cancellations} at each check-in,
 * {@link DeviceStanding} to count ring health, {@link ReconcilerStep} (with the gate evaluator) to move the rollout, and
 * {@link PilotGateRule} for each tenant's pilot gate, and, for a plan with cohort keys, {@link CohortPass} (per-cohort
 * gates with their control groups, quarantine or halt, coverage of later rings' cohorts). What is simulated is only what the devices do and what the
 * service's stores would hold.
 *
 * <p>Each step of {@code pollInterval}: the rollout's ring schedule and the tenants' pilot gates are worked out, every
 * device's window is planned, every reachable device checks in (reports what its behaviour says, then is told what to
 * do), and the reconciler takes one step. It ends at the horizon, or once the rollout completed or halted. The same
 * scenario, fleet and seed always give an equal result.
 */
public final class Rehearsal {

    /** The actor of the rehearsal's own rollout commands (its start, approvals of manual rings). */
    public static final String ACTOR = "rehearsal";
    private static final String NOT_TARGETED = "not-targeted";
    /** Causes of the result's cohort changes, beside the rollout's own transitions. */
    static final String COHORT_QUARANTINED = "cohort-quarantined";
    static final String COVERAGE_WAIT = "coverage-wait";
    static final String COHORTS_ACCEPTED = "cohorts-accepted";

    private final Scenario scenario;
    private final FleetSnapshot fleet;
    private final UUID releaseId;
    private final UUID rolloutId;
    private final UUID productId;
    private final SemanticVersion version;
    private final List<SimDevice> devices = new ArrayList<>();
    /** The tenants in a fixed order; a device's {@code tenant} is its index here. */
    private final List<String> tenantIds;
    /** Each tenant's active devices (the concurrency cap's base), by tenant index. */
    private final long[] tenantDevices;
    /** The devices of each ring by their planned window, in the devices' order; rebuilt whenever windows are planned. */
    private final List<List<SimDevice>> ringMembers = new ArrayList<>();
    /** Devices that were given an action and may still hold it open; pruned as they finish. */
    private final List<SimDevice> openActions = new ArrayList<>();
    private final Map<String, List<SimDevice>> pilotsByTenant = new TreeMap<>();
    private final OfferRules rules;
    private final Tally tally;
    private final List<RehearsalResult.Change> changes = new ArrayList<>();
    private final Map<Integer, RingHealth> lastHealth = new TreeMap<>();
    private final List<Duration> soaks;
    private final List<Boolean> manual;
    private final CohortPlan cohortPlan;
    /** The plan's cohorts in the order devices first showed them; a device's {@code cohort} is its index here. */
    private final List<Cohort> cohorts = new ArrayList<>();
    private final Map<Cohort, Integer> cohortIndex = new HashMap<>();
    /** Each cohort's attributes, shared by its devices: what the offer rules match a quarantine against. */
    private final List<Map<String, String>> cohortAttributes = new ArrayList<>();
    /** Per ring, whether each cohort has devices there by their planned windows; rebuilt whenever windows are planned. */
    private boolean[][] cohortsInRing = new boolean[0][];
    /** Labels of the standing quarantines, as the offer rules read them from the rollout's facts. */
    private final Set<String> quarantined = new TreeSet<>();
    private final List<Quarantined> quarantines = new ArrayList<>();
    /** Per ring, the labels accepted uncovered (the request's {@code acceptUncovered}). */
    private final Map<Integer, Set<String>> accepted = new HashMap<>();
    private final List<RehearsalResult.CoverageWait> coverageWaits = new ArrayList<>();
    /** The coverage wait going on, null when none. */
    private CoverageSpell waitingForCoverage;

    private Rollout rollout;
    private PlanInputs planned;
    private BlastRadiusCap blastRadius;
    private int blastRoom;
    private long nextActionId = 1;
    private int holds;
    /** The earliest end of any planned window (null: none ends), so a closed window is noticed without a scan. */
    private Instant earliestWindowEnd;
    /** Counts changes of the rollout's facts as the check-in sees them (its state, its rings' states). */
    private int rolloutEpoch;
    private SharedFacts.RolloutFact lastRolloutFact;

    private Rehearsal(Scenario scenario, FleetSnapshot fleet) {
        this.scenario = scenario;
        this.fleet = fleet;
        String identity = "rehearsal|" + scenario.productKey() + "|" + scenario.version() + "|" + scenario.seed();
        this.releaseId = UUID.nameUUIDFromBytes((identity + "|release").getBytes(StandardCharsets.UTF_8));
        this.rolloutId = UUID.nameUUIDFromBytes((identity + "|rollout").getBytes(StandardCharsets.UTF_8));
        this.productId = fleet.product().productId();
        this.version = SemanticVersion.parse(scenario.version());
        this.rules = new OfferRules(scenario.recheck());
        this.tally = new Tally(scenario.start());
        this.blastRadius = BlastRadiusCap.of(scenario.blastRadiusPerHour());
        this.soaks = scenario.plan().stream().map(step -> step.gate().minSoak()).toList();
        this.manual = scenario.plan().stream().map(RingStep::manualApproval).toList();
        this.cohortPlan = scenario.cohorts();
        this.tenantIds = List.copyOf(new TreeMap<>(fleet.tenants()).keySet());
        this.tenantDevices = new long[tenantIds.size()];
        for (int i = 0; i < tenantIds.size(); i++) {
            tenantDevices[i] = fleet.tenantDevices().getOrDefault(tenantIds.get(i), 0L);
        }
    }

    /** Told after each step how far virtual time got, so a background run can show its progress. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (reached, devices) -> {
        };

        void reached(Instant virtualNow, int devices);
    }

    public static RehearsalResult run(Scenario scenario, FleetSnapshot fleet) {
        return run(scenario, fleet, Progress.NONE);
    }

    public static RehearsalResult run(Scenario scenario, FleetSnapshot fleet, Progress progress) {
        Rehearsal rehearsal = new Rehearsal(scenario, fleet);
        rehearsal.join();
        return rehearsal.play(progress);
    }

    /** Every device of the snapshot, in a fixed order, with the behaviour the failure model gives it. */
    private void join() {
        List<FleetSnapshot.Device> ordered = fleet.devices().stream()
                .filter(device -> fleet.tenants().containsKey(device.tenantId()))
                .sorted(Comparator.comparing(FleetSnapshot.Device::tenantId)
                        .thenComparing(device -> device.device().id()))
                .toList();
        for (FleetSnapshot.Device device : ordered) {
            SemanticVersion installed;
            try {
                installed = SemanticVersion.parse(device.installed());
            } catch (IllegalArgumentException unparseable) {
                continue; // what the offer rules would treat as not running the product
            }
            TenantFacts tenant = fleet.tenants().get(device.tenantId());
            ZoneId zone = device.device().zone() == null ? tenant.policy().tenantZone() : device.device().zone();
            SplittableRandom random = new SplittableRandom(scenario.seed()
                    ^ device.device().id().getMostSignificantBits() ^ Long.rotateLeft(device.device().id().getLeastSignificantBits(), 17));
            FailureModel.Assigned assigned = scenario.failures().assign(device.tenantId(), zone, device.attributes(),
                    random.split());
            boolean pilot = tenant.pilotDevices().contains(device.device().id());
            int cohort = cohortPlan.judgesCohorts() ? cohortIndex.computeIfAbsent(
                    cohortPlan.cohortOf(device.attributes().values()), this::newCohort) : -1;
            SimDevice sim = new SimDevice(device.tenantId(), tenantIndex(device.tenantId()), device.device(), zone,
                    installed, pilot, assigned, random, cohort < 0 ? Map.of() : cohortAttributes.get(cohort), cohort);
            // Reachable devices were heard of before the rehearsal; an offline one was not.
            sim.lastSeenAt = assigned.connectivity() != null && assigned.connectivity().kind() == Behaviour.Kind.OFFLINE
                    ? null : scenario.start();
            devices.add(sim);
            if (pilot) {
                pilotsByTenant.computeIfAbsent(device.tenantId(), id -> new ArrayList<>()).add(sim);
            }
        }
    }

    private int newCohort(Cohort cohort) {
        cohorts.add(cohort);
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < cohort.keys().size(); i++) {
            attributes.put(cohort.keys().get(i), cohort.values().get(i));
        }
        cohortAttributes.add(Map.copyOf(attributes));
        return cohorts.size() - 1;
    }

    private int tenantIndex(String tenantId) {
        return Collections.binarySearch(tenantIds, tenantId);
    }

    private RehearsalResult play(Progress progress) {
        Instant now = scenario.start();
        Instant end = now.plus(scenario.horizon());
        rollout = record(RolloutCommands.start(Rollout.scheduled(rolloutId, scenario.plan(), false, now), ACTOR,
                "rehearsal started", now));
        while (!now.isAfter(end)) {
            ReleaseCandidate candidate = candidate(now);
            plan(candidate, now);
            checkIns(candidate, now);
            reconcile(now);
            progress.reached(now, devices.size());
            if (rollout.state().isTerminal()) {
                break;
            }
            now = now.plus(scenario.pollInterval());
        }
        return result(now.isAfter(end) ? end : now);
    }

    // --- The service's side ------------------------------------------------------------------------------------------

    /** The rehearsed release as the windows' merge sees it now: its rollout's openings, from the engine's state. */
    private ReleaseCandidate candidate(Instant now) {
        Map<Integer, Instant> opened = new HashMap<>();
        for (int ring = 0; ring < rollout.rings().size(); ring++) {
            RingStatus status = rollout.ring(ring);
            if (status.state() != RingState.PENDING) {
                opened.put(ring, status.openedAt());
            }
        }
        RingSchedule schedule = RolloutSchedules.schedule(rollout.state().code(), scenario.start(), opened, soaks, manual, now);
        ReleaseFacts facts = new ReleaseFacts(scenario.version(), rollout.state() == RolloutState.COMPLETED,
                scenario.start(), rollout.state() == RolloutState.HALTED, null);
        return new ReleaseCandidate(releaseId, facts, new RolloutFacts(rolloutId, scenario.planSalt(), scenario.ladder(), schedule,
                scenario.internalRing()));
    }

    /**
     * Every device's window, planned as the store would plan it now: the product's releases with the rehearsed one in
     * place of any real release of the same version, each tenant's facts with its pilot gate judged on the simulated
     * pilots' reports. A halted rollout's windows are kept as they were (the store keeps them, blocked).
     *
     * <p>Like the store, windows are planned again only when what they rest on changed (a ring opened or passed, the
     * rollout's state, a tenant's pilot gate) or a window closed (the device gets the next one). A forecast moving
     * with the clock alone does not count: it changes no offer, since a ring that has not opened offers nothing.
     */
    private void plan(ReleaseCandidate candidate, Instant now) {
        if (rollout.state() == RolloutState.HALTED) {
            return;
        }
        Map<String, TenantFacts> tenants = new TreeMap<>();
        Map<String, Instant> passes = new TreeMap<>();
        for (Map.Entry<String, TenantFacts> tenant : fleet.tenants().entrySet()) {
            TenantFacts facts = withPilotGate(tenant.getValue(), candidate, now);
            tenants.put(tenant.getKey(), facts);
            Instant passed = facts.pilotGatePassedAt().get(releaseId);
            if (passed != null) {
                passes.put(tenant.getKey(), passed);
            }
        }
        PlanInputs inputs = new PlanInputs(rollout.state(), rollout.rings(), passes);
        if (inputs.equals(planned) && !windowClosed(now)) {
            return;
        }
        planned = inputs;
        List<ReleaseCandidate> releases = new ArrayList<>(fleet.product().candidates().stream()
                .filter(release -> !release.facts().version().equals(scenario.version())).toList());
        releases.add(candidate);
        ProductFacts product = new ProductFacts(productId, scenario.productKey(), releases);
        TenantPlan[] plans = new TenantPlan[tenantIds.size()];
        for (int i = 0; i < plans.length; i++) {
            plans[i] = TenantPlan.of(product, tenants.get(tenantIds.get(i)), now).orElse(null);
        }
        ringMembers.clear();
        for (int ring = 0; ring < rollout.rings().size(); ring++) {
            ringMembers.add(new ArrayList<>());
        }
        earliestWindowEnd = null;
        cohortsInRing = new boolean[rollout.rings().size()][cohorts.size()];
        for (SimDevice device : devices) {
            TenantPlan plan = plans[device.tenant];
            DeviceWindow window = plan == null ? null : plan.window(device.input);
            device.window = window != null && window.releaseId().equals(releaseId) ? window : null;
            if (device.window == null) {
                continue;
            }
            if (device.window.ring() >= 0 && device.window.ring() < ringMembers.size()) {
                ringMembers.get(device.window.ring()).add(device);
                if (device.cohort >= 0) {
                    cohortsInRing[device.window.ring()][device.cohort] = true;
                }
            }
            var range = device.window.plan().window();
            if (range != null && range.end() != null
                    && (earliestWindowEnd == null || range.end().isBefore(earliestWindowEnd))) {
                earliestWindowEnd = range.end();
            }
        }
    }

    /** What the windows were last planned on. */
    private record PlanInputs(RolloutState state, List<RingStatus> rings, Map<String, Instant> pilotGates) {
    }

    private boolean windowClosed(Instant now) {
        return earliestWindowEnd != null && !now.isBefore(earliestWindowEnd);
    }

    private TenantFacts withPilotGate(TenantFacts tenant, ReleaseCandidate candidate, Instant now) {
        PilotGateRule gate = fleet.pilotGates().get(tenant.tenantId());
        if (gate == null || tenant.pilotDevices().isEmpty()) {
            return tenant;
        }
        List<PilotGateRule.PilotReport> reports = pilotsByTenant.getOrDefault(tenant.tenantId(), List.of()).stream()
                .filter(SimDevice::offered).map(SimDevice::pilotReport).toList();
        Instant ringOpened = PilotGateRule.pilotRingOpened(scenario.productKey(), candidate.rollout(), tenant.pilotDevices(),
                tenant.internal());
        Instant passed = gate.passedAt(ringOpened, reports, now);
        Map<UUID, Instant> passedAt = new HashMap<>(tenant.pilotGatePassedAt());
        passedAt.remove(releaseId);
        if (passed != null) {
            passedAt.put(releaseId, passed);
        }
        return new TenantFacts(tenant.tenantId(), tenant.policy(), tenant.pilotDevices(), passedAt, tenant.approvals(),
                tenant.maxConcurrent(), tenant.halted(), tenant.internal());
    }

    /** One step of the reconciler, as its pass does it: every opened ring counted, silence recorded, one step taken. */
    private void reconcile(Instant now) {
        if (rollout.state() != RolloutState.RUNNING && rollout.state() != RolloutState.ON_HOLD) {
            return;
        }
        if (cohortPlan.judgesCohorts()) {
            reconcileByCohort(now);
        } else {
            Map<Integer, RingHealth> health = new TreeMap<>();
            for (int ring = 0; ring < rollout.rings().size(); ring++) {
                if (rollout.ring(ring).state() != RingState.PENDING) {
                    health.put(ring, count(ring, now, null));
                }
            }
            lastHealth.putAll(health);
            rollout = record(ReconcilerStep.step(rollout,
                    ring -> health.computeIfAbsent(ring, position -> count(position, now, null)), now));
        }
        if (scenario.approveManualRings() && rollout.awaitingApproval()) {
            rollout = record(RolloutCommands.approveNextRing(rollout, ACTOR, now));
        }
    }

    /**
     * The reconciler's pass for a plan with cohort keys, as {@code CohortJudgement} feeds it: every opened ring counted
     * per cohort, each cohort against its own control group, then {@link CohortPass} says which cohorts to quarantine
     * and what the cohorts tell the step.
     */
    private void reconcileByCohort(Instant now) {
        int rings = rollout.rings().size();
        ControlGroup[][] controls = controls(now);
        Map<Integer, Map<Cohort, RingHealth>> byRing = new TreeMap<>();
        for (int ring = 0; ring < rings; ring++) {
            if (rollout.ring(ring).state() == RingState.PENDING) {
                continue;
            }
            DeviceStanding.Tally[] tallies = new DeviceStanding.Tally[cohorts.size()];
            count(ring, now, tallies);
            Map<Cohort, RingHealth> counted = new TreeMap<>();
            for (int cohort = 0; cohort < tallies.length; cohort++) {
                if (tallies[cohort] != null) {
                    ControlGroup control = controls[ring][cohort];
                    counted.put(cohorts.get(cohort), tallies[cohort].health()
                            .withControl(control == null ? ControlGroup.NONE : control));
                }
            }
            byRing.put(ring, counted);
        }
        int current = rollout.currentRing();
        boolean lastRing = rollout.isLastRing(current);
        Set<String> acceptedHere = accepted.getOrDefault(current, Set.of());
        CohortPass pass = CohortPass.judge(new CohortPass.Inputs(cohortPlan, byRing, current, lastRing,
                CohortPass.judgesCurrent(rollout), scenario.plan().get(current).gate(), CohortPass.soaked(rollout, now),
                quarantined, CohortPass.asksCoverage(cohortPlan, lastRing) ? laterCohorts(current) : Set.of(),
                acceptedHere), true);
        for (CohortGate.Verdict verdict : pass.quarantine()) {
            quarantine(verdict, current, now);
        }
        lastHealth.putAll(pass.health());
        Outcome outcome = ReconcilerStep.step(rollout, pass.health()::get, pass.findings(), now);
        List<String> uncovered = pass.findings().uncovered();
        // The ring's own gate passed and only the uncovered cohorts turned that into a wait.
        boolean waitsForCoverage = !uncovered.isEmpty() && outcome.judged()
                .filter(verdict -> verdict.decision().outcome() == GateOutcome.WAIT
                        && verdict.decision().reasons().containsAll(uncovered))
                .isPresent();
        rollout = record(outcome);
        coverageWait(waitsForCoverage, current, uncovered, now);
        if (waitsForCoverage && scenario.acceptUncovered()) {
            acceptUncovered(current, Coverage.blocking(pass.coverage(), acceptedHere), now);
        }
    }

    /**
     * Each open ring's control group per cohort, as {@code CohortControlQuery} counts it: the devices targeted by the
     * rollout (any ring) never offered the release that were checking in when the ring opened, and those of them quiet
     * for the ring's silence timeout since. One walk over the devices for every open ring.
     */
    private ControlGroup[][] controls(Instant now) {
        int rings = rollout.rings().size();
        Instant[] aliveSince = new Instant[rings];
        Instant[] quietSince = new Instant[rings];
        for (int ring = 0; ring < rings; ring++) {
            RingStatus status = rollout.ring(ring);
            if (status.state() != RingState.PENDING) {
                Duration timeout = scenario.plan().get(ring).gate().silenceTimeout();
                aliveSince[ring] = status.openedAt().minus(timeout);
                quietSince[ring] = now.minus(timeout);
            }
        }
        int[][] alive = new int[rings][cohorts.size()];
        int[][] quiet = new int[rings][cohorts.size()];
        for (SimDevice device : devices) {
            if (device.window == null || device.offered() || device.lastSeenAt == null) {
                continue;
            }
            for (int ring = 0; ring < rings; ring++) {
                if (aliveSince[ring] != null && !device.lastSeenAt.isBefore(aliveSince[ring])) {
                    alive[ring][device.cohort]++;
                    if (device.lastSeenAt.isBefore(quietSince[ring])) {
                        quiet[ring][device.cohort]++;
                    }
                }
            }
        }
        ControlGroup[][] controls = new ControlGroup[rings][cohorts.size()];
        for (int ring = 0; ring < rings; ring++) {
            for (int cohort = 0; cohort < cohorts.size(); cohort++) {
                if (alive[ring][cohort] > 0) {
                    controls[ring][cohort] = new ControlGroup(alive[ring][cohort], quiet[ring][cohort]);
                }
            }
        }
        return controls;
    }

    /** The cohorts of the devices in rings after {@code ring}, by their planned windows. */
    private Set<Cohort> laterCohorts(int ring) {
        Set<Cohort> later = new HashSet<>();
        for (int position = ring + 1; position < cohortsInRing.length; position++) {
            for (int cohort = 0; cohort < cohorts.size(); cohort++) {
                if (cohortsInRing[position][cohort]) {
                    later.add(cohorts.get(cohort));
                }
            }
        }
        return later;
    }

    /** A cohort failed under a quarantining plan: the offer rules stop offering it the release from the next check-in. */
    private void quarantine(CohortGate.Verdict verdict, int ring, Instant now) {
        String label = verdict.cohort().label();
        quarantined.add(label);
        quarantines.add(new Quarantined(verdict, ring, now));
        changes.add(new RehearsalResult.Change(now, Duration.between(scenario.start(), now).toString(), ring,
                ringName(ring), rollout.state().code(), rollout.state().code(), COHORT_QUARANTINED, Transition.SYSTEM,
                "cohort " + verdict.reason(), verdict.health()));
        tally.event(now, "cohort " + label + " quarantined in " + ringName(ring));
    }

    private record Quarantined(CohortGate.Verdict verdict, int ring, Instant at) {
    }

    /** A coverage wait that began at {@code from}; {@code accepted} once the request's option accepted its cohorts. */
    private record CoverageSpell(int ring, Instant from, String reason, boolean accepted) {
    }

    /** Opens a coverage wait when a ring starts waiting for coverage, closes it when it stops. */
    private void coverageWait(boolean waits, int ring, List<String> uncovered, Instant now) {
        if (waitingForCoverage != null && (!waits || waitingForCoverage.ring() != ring)) {
            closeCoverageWait(now);
        }
        if (waits && waitingForCoverage == null) {
            String reason = String.join("; ", uncovered);
            waitingForCoverage = new CoverageSpell(ring, now, reason, false);
            changes.add(new RehearsalResult.Change(now, Duration.between(scenario.start(), now).toString(), ring,
                    ringName(ring), rollout.state().code(), rollout.state().code(), COVERAGE_WAIT, Transition.SYSTEM,
                    reason, lastHealth.get(ring)));
            tally.event(now, ringName(ring) + " passes its gate but waits for the coverage of later rings' cohorts");
        }
    }

    private void closeCoverageWait(Instant until) {
        CoverageSpell spell = waitingForCoverage;
        coverageWaits.add(new RehearsalResult.CoverageWait(spell.ring(), ringName(spell.ring()), spell.from(),
                Duration.between(scenario.start(), spell.from()).toString(), until,
                until == null ? null : Duration.between(spell.from(), until).toString(), spell.reason(), spell.accepted()));
        waitingForCoverage = null;
    }

    /** What a vendor user's {@code POST /rollouts/{id}/cohorts/accept} does: the ring then passes on its own gate. */
    private void acceptUncovered(int ring, List<Coverage.Row> blocking, Instant now) {
        List<String> labels = blocking.stream().map(row -> row.cohort().label()).toList();
        accepted.computeIfAbsent(ring, position -> new TreeSet<>()).addAll(labels);
        waitingForCoverage = new CoverageSpell(waitingForCoverage.ring(), waitingForCoverage.from(),
                waitingForCoverage.reason(), true);
        changes.add(new RehearsalResult.Change(now, Duration.between(scenario.start(), now).toString(), ring,
                ringName(ring), rollout.state().code(), rollout.state().code(), COHORTS_ACCEPTED, ACTOR,
                "uncovered cohorts accepted by the request (acceptUncovered): " + String.join("; ", labels),
                lastHealth.get(ring)));
        tally.event(now, ringName(ring) + ": uncovered cohorts accepted (" + String.join("; ", labels) + ")");
    }

    /**
     * The ring's health as {@code RingHealthQuery} counts it, recording silence once per silent spell; with
     * {@code byCohort}, also each cohort's part (its devices offered or not), as {@code countByCohort} counts it.
     */
    private RingHealth count(int ring, Instant now, DeviceStanding.Tally[] byCohort) {
        GateRule gate = scenario.plan().get(ring).gate();
        Instant quietSince = now.minus(gate.silenceTimeout());
        Instant offeredBefore = now.minus(gate.installTimeout());
        Instant opened = rollout.ring(ring).openedAt();
        Instant aliveSince = opened == null ? null : opened.minus(gate.silenceTimeout());
        DeviceStanding.Tally counted = new DeviceStanding.Tally();
        for (SimDevice device : ring < ringMembers.size() ? ringMembers.get(ring) : List.<SimDevice>of()) {
            DeviceStanding.Tally cohort = null;
            if (byCohort != null) {
                cohort = byCohort[device.cohort];
                if (cohort == null) {
                    cohort = byCohort[device.cohort] = new DeviceStanding.Tally();
                }
            }
            if (!device.offered()) {
                // The control: devices checking in when the ring opened (RingHealthQuery's rule).
                if (device.lastSeenAt != null && aliveSince != null && !device.lastSeenAt.isBefore(aliveSince)) {
                    counted.notOffered(device.lastSeenAt.isBefore(quietSince), 1);
                }
                continue;
            }
            DeviceStanding.Facts facts = device.facts(quietSince, offeredBefore);
            counted.offered(facts, 1);
            if (cohort != null) {
                cohort.offered(facts, 1);
            }
            Instant sign = device.lastSign();
            if (DeviceStanding.of(facts) == DeviceStanding.Status.SILENT
                    && (device.silentAt == null || device.silentAt.isBefore(sign))) {
                device.silentAt = now;
                tally.add(Tally.Kind.SILENT, now, ringName(device.offeredRing), device.tenantId);
            }
        }
        return counted.health();
    }

    private Rollout record(Outcome outcome) {
        for (Transition transition : outcome.transitions()) {
            if (transition.cause() == TransitionCause.HOLD) {
                holds++;
            }
            changes.add(new RehearsalResult.Change(transition.at(),
                    Duration.between(scenario.start(), transition.at()).toString(), transition.ring(),
                    ringName(transition.ring()), transition.from().code(), transition.to().code(),
                    transition.cause().code(), transition.actor(), transition.reason(), lastHealth.get(transition.ring())));
        }
        return outcome.after();
    }

    // --- The devices' side -------------------------------------------------------------------------------------------

    private void checkIns(ReleaseCandidate candidate, Instant now) {
        SharedFacts.ReleaseFact release = new SharedFacts.ReleaseFact(releaseId, scenario.productKey(), productId, version,
                false, releaseState());
        Map<Integer, String> rings = new HashMap<>();
        for (int ring = 0; ring < rollout.rings().size(); ring++) {
            rings.put(ring, rollout.ring(ring).state().code());
        }
        SharedFacts.RolloutFact rolloutFact = new SharedFacts.RolloutFact(rolloutId, rollout.state().code(), rings,
                cohortPlan.keys(), quarantined);
        if (!rolloutFact.equals(lastRolloutFact)) {
            rolloutEpoch++;
            lastRolloutFact = rolloutFact;
        }
        boolean[] ringOpen = new boolean[rollout.rings().size()];
        for (int ring = 0; ring < ringOpen.length; ring++) {
            ringOpen[ring] = rolloutFact.ringOpen(ring);
        }
        SharedFacts.TenantFact[] tenantFacts = new SharedFacts.TenantFact[tenantIds.size()];
        for (int i = 0; i < tenantFacts.length; i++) {
            TenantFacts facts = fleet.tenants().get(tenantIds.get(i));
            tenantFacts[i] = new SharedFacts.TenantFact(true, Map.of(productId,
                    new SharedFacts.PolicyFact(facts.policy().paused(), facts.maxConcurrent().doubleValue())));
        }
        int[] installing = installing(now);
        blastRadius = blastRadius.pruned(now);
        // Counted once per step and spent offer by offer, as a batch of fresh offers spends it (FreshOffers).
        blastRoom = blastRadius.remaining(now);
        for (SimDevice device : devices) {
            if (!reachable(device, now)) {
                continue;
            }
            device.lastSeenAt = now;
            progress(device, now);
            if (device.action == OfferCandidate.ActionState.FINISHED) {
                // A finished action is never cancelled nor offered again (the offer rules answer up-to-date), and
                // the reason an offered device waits is not part of the answer: nothing to decide.
                continue;
            }
            if (device.action == OfferCandidate.ActionState.NONE && device.window != null
                    && device.window == device.waitedOn && device.waitedEpoch == rolloutEpoch
                    && device.window.ring() >= 0 && device.window.ring() < ringOpen.length && !ringOpen[device.window.ring()]) {
                // A ring that is not open offers nothing, whatever the clock and the budgets say: with the same window
                // and the same rollout, the answer is the one the device got last time.
                continue;
            }
            decide(device, release, rolloutFact, tenantFacts[device.tenant], installing, now);
        }
    }

    private String releaseState() {
        return switch (rollout.state()) {
            case COMPLETED -> "completed";
            case HALTED -> "halted";
            default -> "rolling_out";
        };
    }

    /** Per tenant, devices with an open action heard of within the installing timeout (the concurrency count). */
    private int[] installing(Instant now) {
        Instant heardSince = now.minus(scenario.installingTimeout());
        int[] installing = new int[tenantIds.size()];
        // Only devices given an action can be installing; the order does not matter to a count.
        openActions.removeIf(device -> device.action != OfferCandidate.ActionState.IN_PROGRESS);
        for (SimDevice device : openActions) {
            Instant sign = device.lastSign();
            if (sign != null && !sign.isBefore(heardSince)) {
                installing[device.tenant]++;
            }
        }
        return installing;
    }

    private boolean reachable(SimDevice device, Instant now) {
        if (device.bricked) {
            return false;
        }
        Behaviour connectivity = device.connectivity;
        if (connectivity == null) {
            return true;
        }
        return switch (connectivity.kind()) {
            case OFFLINE -> false;
            case FLAKY_NETWORK -> device.random.nextDouble() >= connectivity.probability();
            case REGIONAL_OUTAGE -> now.isBefore(scenario.start().plus(connectivity.from()))
                    || !now.isBefore(scenario.start().plus(connectivity.until()));
            default -> true;
        };
    }

    /** What the device reports at this check-in about the action it has, as its behaviour says. */
    private void progress(SimDevice device, Instant now) {
        if (device.action == OfferCandidate.ActionState.FINISHED && device.reported == DeviceStanding.Reported.SUCCEEDED) {
            confirm(device, now);
            return;
        }
        if (device.action != OfferCandidate.ActionState.IN_PROGRESS) {
            return;
        }
        Instant done = device.offeredAt.plus(scenario.installDuration());
        device.lastReportAt = now;
        if (now.isBefore(done) || device.install.kind() == Behaviour.Kind.CRASH_LOOP) {
            // A crash-looping device comes back from each reboot on the old version and starts over.
            device.reported = now.isBefore(device.offeredAt.plus(scenario.installDuration().dividedBy(2)))
                    ? DeviceStanding.Reported.DOWNLOADING : DeviceStanding.Reported.INSTALLING;
            return;
        }
        device.action = OfferCandidate.ActionState.FINISHED;
        boolean fails = device.install.kind() == Behaviour.Kind.FAILS
                && device.random.nextDouble() < device.install.probability();
        if (fails) {
            device.reported = DeviceStanding.Reported.FAILED;
            device.failedAt = now;
            tally.add(Tally.Kind.FAILED, now, ringName(device.offeredRing), device.tenantId);
            return;
        }
        device.reported = DeviceStanding.Reported.SUCCEEDED;
        device.succeededAt = now;
        device.installed = version;
        tally.add(Tally.Kind.SUCCEEDED, now, ringName(device.offeredRing), device.tenantId);
    }

    /**
     * A check-in after a reported success confirms it (running the release) or reverts it (back on the old version:
     * a slow failure's fallback once its delay passed).
     */
    private void confirm(SimDevice device, Instant now) {
        if (!now.isAfter(device.succeededAt)) {
            return;
        }
        Behaviour install = device.install;
        if (install.kind() == Behaviour.Kind.SLOW_FAILURE && !device.runsOther
                && !now.isBefore(device.succeededAt.plus(install.delay() == null ? Duration.ZERO : install.delay()))) {
            device.installed = device.original;
            tally.add(Tally.Kind.FAILED, now, ringName(device.offeredRing), device.tenantId);
        }
        device.runsRelease = device.installed.equals(version);
        device.runsOther = !device.runsRelease;
    }

    /** The check-in's answer, from the device's window and the rollout's state, by the offer rules. */
    private void decide(SimDevice device, SharedFacts.ReleaseFact release, SharedFacts.RolloutFact rolloutFact,
                        SharedFacts.TenantFact tenant, int[] installing, Instant now) {
        DeviceWindow window = device.window;
        if (window == null) {
            device.waiting = NOT_TARGETED;
            return;
        }
        var range = window.plan().window();
        WaitReason hold = WaitReason.ofWindow(range, window.reasons());
        boolean hasAction = device.action != OfferCandidate.ActionState.NONE;
        SharedFacts.DeviceWindow row = new SharedFacts.DeviceWindow(releaseId, rolloutId, window.ring(),
                range == null ? null : range.start(), range == null ? null : range.end(),
                hasAction ? device.actionId : null, hasAction ? device.action == OfferCandidate.ActionState.IN_PROGRESS : null,
                hold, window.plan().forecast(), device.cohortAttributes);
        OfferStore.Stored stored = SharedFacts.join(row, release, rolloutFact, tenant);
        if (Cancellations.due(List.of(stored)).isPresent()) {
            device.action = OfferCandidate.ActionState.FINISHED;
            device.reported = DeviceStanding.Reported.CANCELLED;
            device.lastReportAt = now;
            return;
        }
        int room = Budgets.concurrencyRoom(stored.maxConcurrentShare(), tenantDevices[device.tenant],
                installing[device.tenant]);
        int blast = stored.candidate().proven() ? Integer.MAX_VALUE : blastRoom;
        Budgets budgets = new Budgets(Map.of(scenario.productKey(), room), blast);
        OfferDecision decision = rules.decide(List.of(stored.candidate()), Map.of(scenario.productKey(), device.installed),
                budgets, now);
        if (decision instanceof OfferDecision.Wait wait) {
            device.waiting = wait.reason().code();
            device.waitedOn = window;
            device.waitedEpoch = rolloutEpoch;
            return;
        }
        if (decision instanceof OfferDecision.Offer offer && !offer.resumed()) {
            device.action = OfferCandidate.ActionState.IN_PROGRESS;
            device.actionId = nextActionId++;
            device.offeredAt = now;
            device.offeredRing = window.ring();
            device.waiting = null;
            installing[device.tenant]++;
            openActions.add(device);
            if (!offer.candidate().proven()) {
                blastRadius = blastRadius.withOffer(now);
                blastRoom = budgets.spend(offer.candidate()).blastRadius();
            }
            tally.add(Tally.Kind.OFFERED, now, ringName(window.ring()), device.tenantId);
            if (device.install.kind() == Behaviour.Kind.SILENT_BRICK) {
                // It downloads, starts installing and never calls again.
                device.bricked = true;
            }
        }
    }

    // --- The answer --------------------------------------------------------------------------------------------------

    private String ringName(int ring) {
        return ring >= 0 && ring < scenario.plan().size() ? scenario.plan().get(ring).name() : "ring " + ring;
    }

    /** Each quarantine with what it did to its cohort's devices by the end. */
    private List<RehearsalResult.Quarantine> quarantineResults() {
        List<RehearsalResult.Quarantine> results = new ArrayList<>();
        for (Quarantined quarantine : quarantines) {
            int cohort = cohortIndex.get(quarantine.verdict().cohort());
            int offered = 0;
            int cancelled = 0;
            int spared = 0;
            for (SimDevice device : devices) {
                if (device.cohort != cohort) {
                    continue;
                }
                if (!device.offered()) {
                    spared++;
                    continue;
                }
                offered++;
                if (device.reported == DeviceStanding.Reported.CANCELLED) {
                    cancelled++;
                }
            }
            results.add(new RehearsalResult.Quarantine(quarantine.verdict().cohort().label(), quarantine.ring(),
                    ringName(quarantine.ring()), quarantine.at(),
                    Duration.between(scenario.start(), quarantine.at()).toString(), "cohort " + quarantine.verdict().reason(),
                    quarantine.verdict().health(), offered, cancelled, spared));
        }
        return List.copyOf(results);
    }

    private RehearsalResult result(Instant end) {
        Instant haltedAt = null;
        String haltReason = null;
        Instant completedAt = null;
        for (RehearsalResult.Change change : changes) {
            if (change.to().equals(RolloutState.HALTED.code()) && haltedAt == null) {
                haltedAt = change.at();
                haltReason = change.reason();
            }
            if (change.cause().equals(TransitionCause.COMPLETE.code())) {
                completedAt = change.at();
            }
        }
        Set<String> tenantsTouched = new HashSet<>();
        int outsideRingZero = 0;
        int bricked = 0;
        Map<String, Map<String, Long>> waiting = new TreeMap<>();
        Map<Integer, Integer> ringDevices = new HashMap<>();
        for (SimDevice device : devices) {
            if (device.offeredRing > 0) {
                outsideRingZero++;
                tenantsTouched.add(device.tenantId);
            }
            if (device.bricked) {
                bricked++;
            }
            if (device.window != null) {
                ringDevices.merge(device.window.ring(), 1, Integer::sum);
            }
            if (!device.installed.equals(version) && !device.offered()) {
                waiting.computeIfAbsent(device.tenantId, id -> new TreeMap<>())
                        .merge(Optional.ofNullable(device.waiting).orElse("not-heard"), 1L, Long::sum);
            }
        }
        List<RehearsalResult.RingEnd> rings = new ArrayList<>();
        for (int ring = 0; ring < rollout.rings().size(); ring++) {
            RingStatus status = rollout.ring(ring);
            rings.add(new RehearsalResult.RingEnd(ring, ringName(ring), status.state().code(), status.openedAt(),
                    status.passedAt(), ringDevices.getOrDefault(ring, 0), lastHealth.get(ring)));
        }
        Set<String> tenants = new HashSet<>();
        devices.forEach(device -> tenants.add(device.tenantId));
        if (waitingForCoverage != null) {
            closeCoverageWait(null);
        }
        RehearsalResult.Summary summary = new RehearsalResult.Summary(scenario.productKey(), scenario.version(),
                scenario.planName(), scenario.seed(), devices.size(), tenants.size(), scenario.start(), end,
                rollout.state().code(), haltedAt, haltReason,
                haltedAt == null ? null : Duration.between(scenario.start(), haltedAt).toString(), completedAt,
                completedAt == null ? null : Duration.between(scenario.start(), completedAt).toString(), holds,
                new RehearsalResult.BlastRadius(outsideRingZero, tenantsTouched.size()), bricked, tally.total(),
                cohortPlan.keys(), quarantineResults(), List.copyOf(coverageWaits));
        Map<String, Map<String, Long>> waitingView = new LinkedHashMap<>(waiting);
        return new RehearsalResult(summary, tally.hours(), List.copyOf(changes), rings, waitingView);
    }
}
