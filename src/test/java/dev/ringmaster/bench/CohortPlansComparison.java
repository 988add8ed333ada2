package dev.ringmaster.bench;

import dev.ringmaster.rehearsal.Behaviour;
import dev.ringmaster.rehearsal.FailureModel;
import dev.ringmaster.rehearsal.FleetSnapshot;
import dev.ringmaster.rehearsal.Rehearsal;
import dev.ringmaster.rehearsal.RehearsalComparison;
import dev.ringmaster.rehearsal.RehearsalResult;
import dev.ringmaster.rehearsal.Scenario;
import dev.ringmaster.rehearsal.Selector;
import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.tenancy.AttributeFilter;
import dev.ringmaster.tenancy.DeviceAttributes;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 19's side-by-side figures (not a unit test; see docs/rehearsal.md, "Cohorts"): a release that fails on one OS
 * build, 1 % of a fleet built as {@link RehearsalBenchmark} builds it, rehearsed under the same three rings with cohort
 * keys {@code [osBuild]} (quarantining) and without, and compared by {@link RehearsalComparison}, the compare endpoint's
 * own answer. Arguments: {@code [devices] [seed]} (defaults 10000 1).
 */
public final class CohortPlansComparison {

    private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        FleetSnapshot fleet = RehearsalBenchmark.fleet(devices);
        Scenario whole = scenario(seed);
        Scenario byBuild = whole.withCohorts(new CohortPlan(List.of(DeviceAttributes.OS_BUILD), 5,
                CohortFailure.QUARANTINE, 0), false);
        long began = System.nanoTime();
        RehearsalResult a = Rehearsal.run(byBuild, fleet);
        RehearsalResult b = Rehearsal.run(whole, fleet);
        RehearsalComparison compared = RehearsalComparison.of(UUID.randomUUID(), a, UUID.randomUUID(), b);
        System.out.printf("%,d devices, seed %d, b-rare failing (%d devices); both played in %.1f s%n", devices, seed,
                fleet.devices().stream().filter(device -> "b-rare".equals(device.attributes().values()
                        .get(DeviceAttributes.OS_BUILD))).count(), (System.nanoTime() - began) / 1e9);
        print("A (cohort keys [osBuild], quarantine)", compared.a().summary());
        print("B (no cohort keys)", compared.b().summary());
        for (RehearsalComparison.RingRow row : compared.rings()) {
            System.out.printf("ring %d%n  A: %s%n  B: %s%n", row.position(), ring(row.a()), ring(row.b()));
        }
    }

    private static void print(String name, RehearsalResult.Summary summary) {
        System.out.printf("%s: %s; time to halt %s, time to complete %s; blast radius %d devices in %d tenants;"
                        + " offered %,d, succeeded %,d, failed %,d, silent %d, bricked %d; holds %d%n", name, summary.state(),
                summary.timeToHalt(), summary.timeToComplete(), summary.blastRadius().devices(),
                summary.blastRadius().tenants(), summary.total().offered(), summary.total().succeeded(),
                summary.total().failed(), summary.total().silent(), summary.bricked(), summary.holds());
        if (summary.haltReason() != null) {
            System.out.println("  halted: " + summary.haltReason());
        }
        summary.quarantines().forEach(quarantine -> System.out.printf("  quarantined %s in %s after %s: %d offered,"
                        + " %d cancelled, %d spared; %s%n", quarantine.cohort(), quarantine.ringName(),
                quarantine.sinceStart(), quarantine.offered(), quarantine.cancelled(), quarantine.spared(),
                quarantine.reason()));
    }

    private static String ring(RehearsalComparison.RingSide ring) {
        if (ring == null) {
            return "no such ring";
        }
        return ring.name() + " " + ring.state() + ", " + ring.devices() + " devices; " + ring.transitions().stream()
                .map(step -> step.cause() + " after " + step.sinceStart()).toList();
    }

    /**
     * Canary 5 %, early 30 %, broad 100 %; a 10 % gate over a day's soak, 20 finished before a halt; 2 % offline; the
     * rare build's installs all fail.
     */
    private static Scenario scenario(long seed) {
        GateRule gate = new GateRule(20, new BigDecimal("0.5"), new BigDecimal("0.1"), Duration.ofHours(24),
                Duration.ofHours(2), 20, Duration.ofHours(4));
        List<RingStep> plan = List.of(new RingStep("canary", gate, false), new RingStep("early", gate, false),
                new RingStep("broad", gate, false));
        RingLadder ladder = new RingLadder(List.of(new BigDecimal("0.05"), new BigDecimal("0.3"), BigDecimal.ONE));
        FailureModel failures = new FailureModel(List.of(
                new FailureModel.Rule(Selector.share(0.02), Behaviour.of(Behaviour.Kind.OFFLINE)),
                new FailureModel.Rule(Selector.attributes(AttributeFilter.of("bench",
                        Map.of(DeviceAttributes.OS_BUILD, "b-rare"))), Behaviour.fails(1))));
        return new Scenario("agent", "2.0.0", "three-rings", "salt-bench", plan, ladder, START, Duration.ofDays(14),
                Duration.ofMinutes(15), seed, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(2), 1_000,
                true, failures);
    }
}
