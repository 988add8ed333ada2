package dev.ringmaster.rehearsal;

import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.schedule.TenantPolicy;
import dev.ringmaster.schedule.fleet.DeviceInput;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.tenancy.AttributeFilter;
import dev.ringmaster.tenancy.DeviceAttributes;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rehearsal over a fleet built in memory (two tenants of 150 devices in two zones, following rollouts at once),
 * through the real planner, offer rules, gates and reconciler step: no database, a few hundred devices, seconds.
 */
class RehearsalTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final GateRule GATE = new GateRule(5, new BigDecimal("0.5"), new BigDecimal("0.2"), Duration.ofHours(2),
            Duration.ofHours(1), 10, Duration.ofHours(2));
    private static final List<RingStep> PLAN = List.of(new RingStep("canary", GATE, false),
            new RingStep("early", GATE, false), new RingStep("broad", GATE, false));
    private static final RingLadder LADDER = new RingLadder(List.of(new BigDecimal("0.1"), new BigDecimal("0.4"), BigDecimal.ONE));

    @Test
    void theSameSeedGivesTheSameResultAndAnotherSeedAnotherOne() {
        FailureModel model = new FailureModel(List.of(new FailureModel.Rule(Selector.share(0.3), Behaviour.fails(0.5)),
                new FailureModel.Rule(Selector.share(0.1), Behaviour.flaky(0.3))));
        // About 15 % fail against a 20 % gate: neither proven good nor bad, it waits; a day shows enough.
        RehearsalResult first = Rehearsal.run(within(scenario(model, 42), Duration.ofDays(1)), fleet());
        RehearsalResult again = Rehearsal.run(within(scenario(model, 42), Duration.ofDays(1)), fleet());
        RehearsalResult other = Rehearsal.run(within(scenario(model, 43), Duration.ofDays(1)), fleet());

        assertThat(again).isEqualTo(first);
        assertThat(first.summary().total().failed()).isPositive();
        assertThat(other.timeline()).isNotEqualTo(first.timeline());
    }

    @Test
    void aReleaseThatSilentlyBricksEveryInstallerHaltsInRingZeroAndTouchesNothingOutsideIt() {
        RehearsalResult result = Rehearsal.run(scenario(failing(Selector.ALL, Behaviour.of(Behaviour.Kind.SILENT_BRICK)), 7),
                fleet());

        RehearsalResult.Summary summary = result.summary();
        assertThat(summary.state()).isEqualTo("halted");
        assertThat(summary.blastRadius()).isEqualTo(new RehearsalResult.BlastRadius(0, 0));
        assertThat(summary.bricked()).isEqualTo(result.rings().getFirst().devices()).isPositive();
        assertThat(summary.total().silent()).isEqualTo(summary.bricked());
        assertThat(summary.total().succeeded()).isZero();
        // Silent for longer than the hour's silence timeout, counted at the next step: halted within 1 h 15 min.
        assertThat(summary.timeToHalt()).isEqualTo("PT1H15M");
        assertThat(summary.haltReason()).contains("went silent").contains("failure rate lower bound");
        RehearsalResult.Change halt = result.transitions().getLast();
        assertThat(halt.ring()).isZero();
        assertThat(halt.ringName()).isEqualTo("canary");
        assertThat(halt.cause()).isEqualTo("halt");
        assertThat(halt.health().silent()).isEqualTo(summary.bricked());
        assertThat(result.rings()).extracting(RehearsalResult.RingEnd::state).containsExactly("halted", "pending", "pending");
    }

    @Test
    void aHealthyReleaseWithAFewDevicesOfflineCompletesEveryRingWithoutAHaltOrHold() {
        RehearsalResult result = Rehearsal.run(scenario(failing(Selector.share(0.02), Behaviour.of(Behaviour.Kind.OFFLINE)), 3),
                fleet());

        RehearsalResult.Summary summary = result.summary();
        assertThat(summary.state()).isEqualTo("completed");
        assertThat(summary.haltedAt()).isNull();
        assertThat(summary.holds()).isZero();
        assertThat(summary.total().failed()).isZero();
        assertThat(result.rings()).extracting(RehearsalResult.RingEnd::state).containsOnly("passed");
        assertThat(result.transitions()).extracting(RehearsalResult.Change::cause)
                .containsExactly("start", "ring-opened", "ring-passed", "ring-opened", "ring-passed", "ring-opened",
                        "ring-passed", "complete");
        // Each ring soaks its 2 h; the last passes once half of its offered devices reported and were confirmed.
        assertThat(Duration.parse(summary.timeToComplete())).isBetween(Duration.ofHours(6), Duration.ofHours(7));
        assertThat(summary.blastRadius().tenants()).isEqualTo(2);
        assertThat(result.timeline().getFirst().byRing()).containsKey("canary");
        assertThat(result.timeline()).anySatisfy(hour -> assertThat(hour.byTenant()).containsKeys("east", "west"));
    }

    @Test
    void aGateTooStrictForItsRingNeverPassesAndTheRehearsalShowsWhy() {
        // 0 failures in 20 still leaves a Wilson upper bound of 16 %: a 10 % gate cannot pass a 20-device canary.
        GateRule strict = new GateRule(5, new BigDecimal("0.5"), new BigDecimal("0.1"), Duration.ofHours(2),
                Duration.ofHours(1), 10, Duration.ofHours(2));
        List<RingStep> plan = PLAN.stream().map(step -> new RingStep(step.name(), strict, false)).toList();
        RehearsalResult result = Rehearsal.run(new Scenario("agent", "2.0.0", "strict", "salt-1", plan, LADDER, START,
                Duration.ofDays(2), Duration.ofMinutes(15), 3, Duration.ofMinutes(10), Duration.ofMinutes(15),
                Duration.ofHours(2), 1000, true, FailureModel.HEALTHY), fleet());

        assertThat(result.summary().state()).isEqualTo("running");
        assertThat(result.summary().end()).isEqualTo(START.plus(Duration.ofDays(2)));
        assertThat(result.rings().getFirst().health().succeeded()).isEqualTo(result.rings().getFirst().devices());
        assertThat(result.waiting().get("east")).containsKey("ring-not-open");
    }

    @Test
    void devicesOfARingThatOpensLateWaitForItAndAreOfferedTheReleaseTheStepAfterItOpens() {
        // A day's soak per ring: the broad ring's devices wait for a day and a half before it opens.
        GateRule daySoak = new GateRule(5, new BigDecimal("0.5"), new BigDecimal("0.2"), Duration.ofDays(1),
                Duration.ofHours(1), 10, Duration.ofHours(2));
        List<RingStep> plan = PLAN.stream().map(step -> new RingStep(step.name(), daySoak, false)).toList();
        Scenario scenario = new Scenario("agent", "2.0.0", "day-soak", "salt-1", plan, LADDER, START, Duration.ofDays(4),
                Duration.ofMinutes(15), 5, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(2), 1000, true,
                FailureModel.HEALTHY);

        RehearsalResult before = Rehearsal.run(within(scenario, Duration.ofHours(36)), fleet());
        RehearsalResult.RingEnd broadBefore = before.rings().getLast();
        assertThat(broadBefore.state()).isEqualTo("pending");
        assertThat(before.waiting().values().stream().mapToLong(reasons -> reasons.getOrDefault("ring-not-open", 0L)).sum())
                .isEqualTo(broadBefore.devices()).isPositive();

        RehearsalResult after = Rehearsal.run(scenario, fleet());
        RehearsalResult.RingEnd broad = after.rings().getLast();
        assertThat(after.summary().state()).isEqualTo("completed");
        Instant firstPoll = broad.openedAt().plus(Duration.ofMinutes(15));
        RehearsalResult.Hour firstOffers = after.timeline().stream()
                .filter(hour -> hour.byRing().containsKey("broad") && hour.byRing().get("broad").offered() > 0)
                .findFirst().orElseThrow();
        assertThat(firstOffers.at()).isBeforeOrEqualTo(firstPoll).isAfter(firstPoll.minus(Duration.ofHours(1)));
        assertThat(after.summary().total().offered()).isEqualTo(300);
    }

    @Test
    void aCrashLoopAndASlowFailureAreBothCaughtInRingZero() {
        RehearsalResult crashLoop = Rehearsal.run(scenario(failing(Selector.ALL, Behaviour.of(Behaviour.Kind.CRASH_LOOP)), 9),
                fleet());
        RehearsalResult slowFailure = Rehearsal.run(scenario(failing(Selector.ALL, Behaviour.slowFailure(Duration.ofMinutes(30))), 9),
                fleet());

        // Still checking in, never finishing: stuck once the 2 h install timeout passed.
        assertThat(crashLoop.summary().state()).isEqualTo("halted");
        assertThat(crashLoop.summary().haltReason()).contains("stuck");
        assertThat(crashLoop.summary().blastRadius().devices()).isZero();
        // Succeeded, then back on the old version half an hour later: reverted, before the canary's 2 h soak ended.
        assertThat(slowFailure.summary().state()).isEqualTo("halted");
        assertThat(slowFailure.summary().haltReason()).contains("reverted");
        assertThat(Duration.parse(slowFailure.summary().timeToHalt())).isLessThan(Duration.ofHours(2));
        assertThat(slowFailure.summary().blastRadius().devices()).isZero();
    }

    @Test
    void anOutageDuringTheCanaryPutsTheRingOnHoldAndItResumesWhenTheDevicesReturn() {
        // A blast radius of 10 an hour leaves canary devices not yet offered, whose quiet tells an outage from bricks.
        Scenario s = scenario(failing(Selector.ALL, Behaviour.outage(Duration.ofMinutes(20), Duration.ofHours(3))), 4);
        RehearsalResult result = Rehearsal.run(new Scenario(s.productKey(), s.version(), s.planName(), s.planSalt(), s.plan(),
                s.ladder(), s.start(), s.horizon(), s.pollInterval(), s.seed(), s.installDuration(), s.recheck(),
                s.installingTimeout(), 10, true, s.failures()), fleet());

        assertThat(result.summary().holds()).isEqualTo(1);
        assertThat(result.summary().haltedAt()).isNull();
        assertThat(result.summary().state()).isEqualTo("completed");
        assertThat(result.transitions()).extracting(RehearsalResult.Change::cause).containsSubsequence("hold", "hold-cleared",
                "ring-passed");
        RehearsalResult.Change hold = result.transitions().stream().filter(change -> change.cause().equals("hold"))
                .findFirst().orElseThrow();
        assertThat(hold.ringName()).isEqualTo("canary");
        assertThat(hold.reason()).contains("on hold until the quiet devices check in again");
    }

    @Test
    void aTenantsOtherDevicesWaitForItsPilotGate() {
        FleetSnapshot fleet = fleet();
        Set<UUID> pilots = new java.util.HashSet<>();
        fleet.devices().stream().filter(device -> device.tenantId().equals("west")).limit(20)
                .forEach(device -> pilots.add(device.device().id()));
        TenantFacts west = fleet.tenants().get("west");
        Map<String, TenantFacts> tenants = Map.of("east", fleet.tenants().get("east"), "west", new TenantFacts("west",
                west.policy(), pilots, Map.of(), Map.of(), BigDecimal.ONE));
        // Three pilots must succeed and a day must pass before the rest of west may install.
        FleetSnapshot withPilots = new FleetSnapshot(fleet.product(), tenants,
                Map.of("west", new PilotGateRule(3, new BigDecimal("0.1"), Duration.ofDays(1))), fleet.tenantDevices(),
                fleet.devices());

        RehearsalResult result = Rehearsal.run(within(scenario(FailureModel.HEALTHY, 2), Duration.ofHours(8)), withPilots);

        assertThat(result.waiting().get("west")).containsKey("pilot-gate");
        assertThat(result.waiting().get("east")).doesNotContainKey("pilot-gate");
        // Only pilots were offered in west: at most its 20 pilots, and some were (in the rings opened so far).
        int westOffered = result.timeline().stream().mapToInt(hour -> hour.byTenant().containsKey("west")
                ? hour.byTenant().get("west").offered() : 0).sum();
        assertThat(westOffered).isBetween(1, 20);
    }

    @Test
    void aFailureOnlyInOneTimeZoneFailsOnlyThatZonesDevices() {
        RehearsalResult result = Rehearsal.run(scenario(failing(Selector.zone(NEW_YORK), Behaviour.fails(1)), 5), fleet());

        assertThat(result.summary().state()).isEqualTo("halted");
        assertThat(failed(result, "east")).isPositive();
        assertThat(failed(result, "west")).isZero();
        assertThat(result.summary().blastRadius().devices()).isZero();
    }

    @Test
    void aFailureOnlyInOneTenantFailsOnlyThatTenantsDevices() {
        RehearsalResult result = Rehearsal.run(scenario(failing(Selector.tenant("west"), Behaviour.fails(1)), 5), fleet());

        assertThat(result.summary().state()).isEqualTo("halted");
        assertThat(failed(result, "west")).isPositive();
        assertThat(failed(result, "east")).isZero();
    }

    @Test
    void aFailureOnlyOnOneModelAndBuildFailsOnlyThoseDevicesAndScaledCopiesKeepTheirAttributes() {
        AttributeFilter cohort = AttributeFilter.of("test", Map.of(DeviceAttributes.MODEL, "x1", DeviceAttributes.OS_BUILD, "7"));
        FailureModel model = failing(Selector.attributes(cohort), Behaviour.fails(1));

        RehearsalResult result = Rehearsal.run(within(scenario(model, 5), Duration.ofDays(1)), withModels(fleet()));
        RehearsalResult scaled = Rehearsal.run(within(scenario(model, 5), Duration.ofDays(1)), withModels(fleet()).scaled(2));

        // x1 on build 7 is every third device of east only: west's x1 devices run build 8.
        assertThat(failed(result, "east")).isPositive();
        assertThat(failed(result, "east")).isLessThan(result.summary().total().offered() / 3);
        assertThat(failed(result, "west")).isZero();
        assertThat(failed(scaled, "east")).isPositive();
        assertThat(failed(scaled, "west")).isZero();
        assertThat(withModels(fleet()).scaled(2).devices()).filteredOn(device -> cohort.matches(device.attributes()))
                .hasSize(100);
    }

    @Test
    void aScaledFleetPlaysEachDeviceAsManyTimesOver() {
        RehearsalResult result = Rehearsal.run(scenario(FailureModel.HEALTHY, 1), fleet().scaled(3));

        assertThat(result.summary().devices()).isEqualTo(900);
        assertThat(result.summary().state()).isEqualTo("completed");
    }

    @Test
    void anInternalRingHaltsAReleaseBadOnTheVendorsOwnDevicesBeforeAnyCustomerIsOfferedIt() {
        List<RingStep> plan = new ArrayList<>(List.of(new RingStep("internal", GATE, false)));
        plan.addAll(PLAN);
        Scenario scenario = new Scenario("agent", "2.0.0", "with-lab", "salt-1", plan, LADDER, START, Duration.ofDays(14),
                Duration.ofMinutes(15), 3, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(2), 1000, true,
                failing(Selector.ALL, Behaviour.fails(1)), true);

        RehearsalResult result = Rehearsal.run(scenario, withLab(fleet()));

        assertThat(result.summary().state()).isEqualTo("halted");
        assertThat(result.rings()).extracting(RehearsalResult.RingEnd::state)
                .containsExactly("halted", "pending", "pending", "pending");
        assertThat(result.rings().getFirst().name()).isEqualTo("internal");
        assertThat(result.rings().getFirst().devices()).as("the lab's devices, and only those").isEqualTo(12);
        assertThat(failed(result, "lab")).isEqualTo(12);
        assertThat(offered(result, "east") + offered(result, "west")).isZero();
    }

    private static int offered(RehearsalResult result, String tenant) {
        return result.timeline().stream().mapToInt(hour -> hour.byTenant().containsKey(tenant)
                ? hour.byTenant().get(tenant).offered() : 0).sum();
    }

    /** The fleet with the vendor's own lab of 12 devices, an internal tenant, beside it. */
    private static FleetSnapshot withLab(FleetSnapshot fleet) {
        List<FleetSnapshot.Device> devices = new ArrayList<>(fleet.devices());
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.nameUUIDFromBytes(("lab-" + i).getBytes(StandardCharsets.UTF_8));
            devices.add(new FleetSnapshot.Device("lab", new DeviceInput(id, "lab-" + i, null), "1.0.0"));
        }
        TenantFacts customer = tenant("lab", BERLIN);
        Map<String, TenantFacts> tenants = new java.util.HashMap<>(fleet.tenants());
        tenants.put("lab", new TenantFacts("lab", customer.policy(), Set.of(), Map.of(), Map.of(), BigDecimal.ONE, Map.of(),
                true));
        Map<String, Long> counts = new java.util.HashMap<>(fleet.tenantDevices());
        counts.put("lab", 12L);
        return new FleetSnapshot(fleet.product(), tenants, fleet.pilotGates(), counts, devices);
    }

    @Test
    void aReleaseFailingOnlyOnOneOsBuildIsQuarantinedForThatBuildWhileTheRestCompletes() {
        FailureModel model = failing(Selector.attributes(AttributeFilter.of("test", Map.of(DeviceAttributes.OS_BUILD, RARE))),
                Behaviour.fails(1));
        CohortPlan byBuild = new CohortPlan(List.of(DeviceAttributes.OS_BUILD), 2, CohortFailure.QUARANTINE, 0);

        RehearsalResult cohorts = Rehearsal.run(scenario(model, 8).withCohorts(byBuild, false), byBuilds(2000));
        RehearsalResult whole = Rehearsal.run(scenario(model, 8), byBuilds(2000));

        // Under cohort keys: only the failing build stops; its devices not offered yet are spared, the rest completes.
        RehearsalResult.Summary summary = cohorts.summary();
        assertThat(summary.state()).isEqualTo("completed");
        assertThat(summary.cohortKeys()).containsExactly(DeviceAttributes.OS_BUILD);
        assertThat(summary.quarantines()).singleElement().satisfies(quarantine -> {
            assertThat(quarantine.cohort()).isEqualTo("osBuild=" + RARE);
            assertThat(quarantine.reason()).contains("failure rate lower bound").contains("control: updated");
            assertThat(quarantine.health().failed()).isGreaterThanOrEqualTo(2);
            assertThat(quarantine.offered() + quarantine.spared()).isEqualTo(20);
            assertThat(quarantine.spared()).isPositive();
            assertThat(quarantine.offered()).isEqualTo(summary.total().failed());
        });
        RehearsalResult.Quarantine quarantine = summary.quarantines().getFirst();
        assertThat(cohorts.transitions()).filteredOn(change -> change.cause().equals("cohort-quarantined"))
                .singleElement().satisfies(change -> {
                    assertThat(change.at()).isEqualTo(quarantine.at());
                    assertThat(change.ringName()).isEqualTo(quarantine.ringName());
                    assertThat(change.reason()).isEqualTo(quarantine.reason());
                });
        assertThat(cohorts.timeline()).anySatisfy(hour -> assertThat(hour.events())
                .contains("cohort osBuild=" + RARE + " quarantined in " + quarantine.ringName()));
        assertThat(cohorts.waiting().values().stream().mapToLong(reasons -> reasons.getOrDefault("cohort-quarantined", 0L))
                .sum()).isEqualTo(quarantine.spared());
        // Judged as a whole, 1 % failing slips through canary and early ring, reaches every device of the build, and then
        // halts the whole rollout in the broad ring: offered to a thousand devices at once, the build's failures are
        // reported in the same step, before any success is confirmed by a check-in on the new version.
        assertThat(whole.summary().state()).isEqualTo("halted");
        assertThat(whole.rings()).extracting(RehearsalResult.RingEnd::state).containsExactly("passed", "passed", "halted");
        assertThat(whole.summary().haltReason()).contains("failure rate lower bound");
        assertThat(whole.summary().quarantines()).isEmpty();
        assertThat(whole.summary().total().failed()).isEqualTo(20);
        assertThat(summary.total().failed()).isLessThan(20);
        assertThat(Duration.parse(summary.timeToComplete())).isGreaterThan(Duration.parse(whole.summary().timeToHalt()));
    }

    @Test
    void anOutageUnderCohortKeysHoldsTheRingOnEachCohortsOwnControlAndItResumes() {
        // Everyone goes quiet for a while: each build's not-yet-updated devices, its control, go as quiet as its updated
        // ones, so the silence is read as an outage, not as the release.
        Scenario s = scenario(failing(Selector.ALL, Behaviour.outage(Duration.ofMinutes(20), Duration.ofHours(3))), 4)
                .withCohorts(new CohortPlan(List.of(DeviceAttributes.OS_BUILD), 2, CohortFailure.QUARANTINE, 0), false);

        RehearsalResult result = Rehearsal.run(s, byBuilds(2000));

        assertThat(result.summary().haltedAt()).isNull();
        assertThat(result.summary().quarantines()).isEmpty();
        assertThat(result.summary().holds()).isPositive();
        assertThat(result.summary().state()).isEqualTo("completed");
        RehearsalResult.Change hold = result.transitions().stream().filter(change -> change.cause().equals("hold"))
                .findFirst().orElseThrow();
        assertThat(hold.reason()).startsWith("cohort osBuild=").contains("looks like an outage");
    }

    @Test
    void underAHaltingPlanTheFailingBuildHaltsTheWholeRollout() {
        FailureModel model = failing(Selector.attributes(AttributeFilter.of("test", Map.of(DeviceAttributes.OS_BUILD, RARE))),
                Behaviour.fails(1));
        CohortPlan halting = new CohortPlan(List.of(DeviceAttributes.OS_BUILD), 2, CohortFailure.HALT, 0);

        RehearsalResult result = Rehearsal.run(scenario(model, 8).withCohorts(halting, false), byBuilds(2000));

        assertThat(result.summary().state()).isEqualTo("halted");
        assertThat(result.summary().haltReason()).startsWith("cohort osBuild=" + RARE + ":");
        assertThat(result.summary().quarantines()).isEmpty();
    }

    @Test
    void aRingDoesNotPassWhileLaterRingsCohortsAreUncoveredUnlessTheRequestAcceptsThem() {
        // Three devices of model "rare": a coverage minimum of 5 can never be met before the last ring.
        FleetSnapshot fleet = byBuilds(2000);
        List<FleetSnapshot.Device> devices = new ArrayList<>(fleet.devices());
        for (int i = 1; i <= 3; i++) {
            FleetSnapshot.Device device = devices.get(i * 7);
            devices.set(i * 7, new FleetSnapshot.Device(device.tenantId(), device.device(), device.installed(),
                    new DeviceAttributes(Map.of(DeviceAttributes.MODEL, "rare"))));
        }
        FleetSnapshot withRare = new FleetSnapshot(fleet.product(), fleet.tenants(), fleet.pilotGates(),
                fleet.tenantDevices(), devices);
        CohortPlan covering = new CohortPlan(List.of(DeviceAttributes.MODEL), 2, CohortFailure.QUARANTINE, 5);
        Scenario twoDays = within(scenario(FailureModel.HEALTHY, 6), Duration.ofDays(2));

        RehearsalResult waits = Rehearsal.run(twoDays.withCohorts(covering, false), withRare);
        RehearsalResult accepts = Rehearsal.run(twoDays.withCohorts(covering, true), withRare);

        assertThat(waits.summary().state()).isEqualTo("running");
        assertThat(waits.rings().getFirst().state()).isEqualTo("open");
        assertThat(waits.summary().coverageWaits()).singleElement().satisfies(wait -> {
            assertThat(wait.ringName()).isEqualTo("canary");
            assertThat(wait.until()).isNull();
            assertThat(wait.accepted()).isFalse();
            assertThat(wait.reason()).contains("model=rare (");
        });
        assertThat(waits.transitions()).extracting(RehearsalResult.Change::cause).contains("coverage-wait")
                .doesNotContain("ring-passed");
        assertThat(accepts.summary().state()).isEqualTo("completed");
        assertThat(accepts.summary().coverageWaits()).isNotEmpty().allSatisfy(wait -> {
            assertThat(wait.accepted()).isTrue();
            assertThat(wait.until()).isNotNull();
        });
        assertThat(accepts.transitions()).extracting(RehearsalResult.Change::cause)
                .containsSubsequence("coverage-wait", "cohorts-accepted", "ring-passed");
    }

    private static int failed(RehearsalResult result, String tenant) {
        return result.timeline().stream().mapToInt(hour -> hour.byTenant().containsKey(tenant)
                ? hour.byTenant().get(tenant).failed() : 0).sum();
    }

    private static Scenario within(Scenario s, Duration horizon) {
        return new Scenario(s.productKey(), s.version(), s.planName(), s.planSalt(), s.plan(), s.ladder(), s.start(), horizon,
                s.pollInterval(), s.seed(), s.installDuration(), s.recheck(), s.installingTimeout(), s.blastRadiusPerHour(),
                s.approveManualRings(), s.failures());
    }

    private static FailureModel failing(Selector selector, Behaviour behaviour) {
        return new FailureModel(List.of(new FailureModel.Rule(selector, behaviour)));
    }

    private static Scenario scenario(FailureModel failures, long seed) {
        return new Scenario("agent", "2.0.0", "standard", "salt-1", PLAN, LADDER, START, Duration.ofDays(14),
                Duration.ofMinutes(15), seed, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(2), 1000,
                true, failures);
    }

    /** Two tenants, east in New York and west in Berlin, of 150 devices each running 1.0.0. */
    private static FleetSnapshot fleet() {
        List<FleetSnapshot.Device> devices = new ArrayList<>();
        for (String tenant : List.of("east", "west")) {
            for (int i = 0; i < 150; i++) {
                UUID id = UUID.nameUUIDFromBytes((tenant + "-" + i).getBytes(StandardCharsets.UTF_8));
                devices.add(new FleetSnapshot.Device(tenant, new DeviceInput(id, tenant + "-" + i, null), "1.0.0"));
            }
        }
        return new FleetSnapshot(new ProductFacts(UUID.nameUUIDFromBytes("agent".getBytes(StandardCharsets.UTF_8)), "agent",
                List.of()), Map.of("east", tenant("east", NEW_YORK), "west", tenant("west", BERLIN)), Map.of(),
                Map.of("east", 150L, "west", 150L), devices);
    }

    private static final String RARE = "21.3-rare";

    /**
     * Two tenants of {@code devices / 2}, builds 21.1 and 21.2 in turn except every hundredth device, which runs the
     * rare build (1 % of the fleet); models x1, x2, x3 in turn.
     */
    private static FleetSnapshot byBuilds(int devices) {
        List<FleetSnapshot.Device> fleet = new ArrayList<>();
        for (String tenant : List.of("east", "west")) {
            for (int i = 0; i < devices / 2; i++) {
                UUID id = UUID.nameUUIDFromBytes((tenant + "-" + i).getBytes(StandardCharsets.UTF_8));
                String build = i % 100 == 0 ? RARE : i % 2 == 0 ? "21.1" : "21.2";
                fleet.add(new FleetSnapshot.Device(tenant, new DeviceInput(id, tenant + "-" + i, null), "1.0.0",
                        new DeviceAttributes(Map.of(DeviceAttributes.OS_BUILD, build, DeviceAttributes.MODEL, "x" + (i % 3 + 1)))));
            }
        }
        long each = devices / 2;
        return new FleetSnapshot(new ProductFacts(UUID.nameUUIDFromBytes("agent".getBytes(StandardCharsets.UTF_8)), "agent",
                List.of()), Map.of("east", tenant("east", NEW_YORK), "west", tenant("west", BERLIN)), Map.of(),
                Map.of("east", each, "west", each), fleet);
    }

    /** Models x1, x2, x3 in turn; east runs OS build 7, west build 8. */
    private static FleetSnapshot withModels(FleetSnapshot fleet) {
        List<FleetSnapshot.Device> devices = new ArrayList<>();
        for (int i = 0; i < fleet.devices().size(); i++) {
            FleetSnapshot.Device device = fleet.devices().get(i);
            devices.add(new FleetSnapshot.Device(device.tenantId(), device.device(), device.installed(),
                    new DeviceAttributes(Map.of(DeviceAttributes.MODEL, "x" + (i % 3 + 1),
                            DeviceAttributes.OS_BUILD, device.tenantId().equals("east") ? "7" : "8"))));
        }
        return new FleetSnapshot(fleet.product(), fleet.tenants(), fleet.pilotGates(), fleet.tenantDevices(), devices);
    }

    private static TenantFacts tenant(String id, ZoneId zone) {
        return new TenantFacts(id, new TenantPolicy(PolicyMode.AUTOMATIC, null, null, Duration.ZERO, Duration.ZERO,
                List.of(), List.of(), false, zone), Set.of(), Map.of(), Map.of(), BigDecimal.ONE);
    }
}
