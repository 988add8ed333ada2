package dev.ringmaster.bench;

import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.rehearsal.Behaviour;
import dev.ringmaster.rehearsal.FailureModel;
import dev.ringmaster.rehearsal.FleetSnapshot;
import dev.ringmaster.rehearsal.Rehearsal;
import dev.ringmaster.rehearsal.RehearsalResult;
import dev.ringmaster.rehearsal.Scenario;
import dev.ringmaster.rehearsal.Selector;
import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.schedule.TenantPolicy;
import dev.ringmaster.schedule.fleet.DeviceInput;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.tenancy.DeviceAttributes;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark of the rehearsal engine (not a unit test; see docs/rehearsal.md, "Benchmark", for the command and the
 * figures). Builds a fleet in memory (no database: the snapshot's read is the windows' reader, measured by
 * {@link WindowBenchmark}) of {@code devices} in 100 tenants over eight zones, with three hardware models, and plays a
 * release over 14 virtual days at 15-minute polls through four rings, 2 % of the devices offline. Each ring soaks four
 * days by default, so the last ring opens on day 12 and the rollout is still running at the horizon: every step of the
 * horizon is played, which is the honest figure (a rollout that completes early ends the rehearsal early). Prints wall
 * time, the process's CPU time, steps, device-steps per second and the peak heap. Arguments:
 * {@code [devices] [days] [failing] [soakHours] [cohortKeys]} (defaults 100000 14 0 96 and none; failing: the share of
 * m-300 installs that fail; cohortKeys: e.g. {@code model,osBuild}, judged per cohort with a minimum sample of 20, a
 * coverage minimum of 5, quarantining, uncovered cohorts accepted as they come). Devices run one of four OS builds, or a rare fifth (1 %).
 */
public final class RehearsalBenchmark {

    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Tokyo",
            "Europe/London", "Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata"};
    private static final String[] MODELS = {"m-100", "m-200", "m-300"};
    private static final String[] BUILDS = {"b-1", "b-2", "b-3", "b-4"};
    private static final String RARE_BUILD = "b-rare";
    private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");
    private static final int TENANTS = 100;

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 14;
        double failing = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        Duration soak = Duration.ofHours(args.length > 3 ? Long.parseLong(args[3]) : 96);
        CohortPlan cohorts = args.length > 4 ? new CohortPlan(List.of(args[4].split(",")), 20, CohortFailure.QUARANTINE, 5)
                : CohortPlan.NONE;
        System.out.printf("rehearsal benchmark: %,d devices in %d tenants over %d days, %s soak per ring, cohort keys %s;"
                + " %d processors; load %s%n", devices, TENANTS, days, soak, cohorts.keys(),
                Runtime.getRuntime().availableProcessors(), load());
        FleetSnapshot fleet = fleet(devices);
        // Uncovered cohorts are accepted as they come, so every ring opens and the cohort count is measured in all of them.
        Scenario scenario = scenario(Duration.ofDays(days), failing, soak).withCohorts(cohorts, true);
        long began = System.nanoTime();
        long cpuBegan = cpuNanos();
        long[] steps = {0};
        RehearsalResult result = Rehearsal.run(scenario, fleet, (reached, count) -> {
            steps[0]++;
            if (steps[0] % 96 == 0) {
                System.out.printf("  virtual %s after %.1f s, %.1f s CPU (peak heap %,d MB)%n",
                        Duration.between(START, reached), seconds(began), (cpuNanos() - cpuBegan) / 1e9, peakHeapMb());
            }
        });
        double took = seconds(began);
        double cpu = (cpuNanos() - cpuBegan) / 1e9;
        RehearsalResult.Summary summary = result.summary();
        System.out.printf("played %,d devices, %,d steps (%,d device-steps) in %.1f s wall, %.1f s CPU (all threads,"
                + " GC included): %,.0f device-steps/s of wall time; peak heap %,d MB; load %s%n", summary.devices(),
                steps[0], steps[0] * summary.devices(), took, cpu, steps[0] * summary.devices() / took, peakHeapMb(),
                load());
        System.out.printf("outcome: %s at %s, time to complete %s, time to halt %s, holds %d, blast radius %d devices,"
                + " offered %,d, succeeded %,d, failed %,d%n", summary.state(), summary.end(), summary.timeToComplete(),
                summary.timeToHalt(), summary.holds(), summary.blastRadius().devices(), summary.total().offered(),
                summary.total().succeeded(), summary.total().failed());
        summary.quarantines().forEach(quarantine -> System.out.printf("quarantined %s in %s after %s: %d offered,"
                + " %d spared%n", quarantine.cohort(), quarantine.ringName(), quarantine.sinceStart(), quarantine.offered(),
                quarantine.spared()));
        summary.coverageWaits().forEach(wait -> System.out.printf("%s waited for coverage from %s for %s%n",
                wait.ringName(), wait.sinceStart(), wait.waited()));
        if (summary.haltReason() != null) {
            System.out.println("halted: " + summary.haltReason());
        }
    }

    private static Scenario scenario(Duration horizon, double failing, Duration soak) {
        GateRule gate = new GateRule(20, new BigDecimal("0.5"), new BigDecimal("0.3"), soak,
                Duration.ofHours(2), 50, Duration.ofHours(4));
        List<RingStep> plan = List.of(new RingStep("canary", gate, false), new RingStep("early", gate, false),
                new RingStep("broad", gate, false), new RingStep("everyone", gate, false));
        RingLadder ladder = new RingLadder(List.of(new BigDecimal("0.01"), new BigDecimal("0.1"), new BigDecimal("0.5"),
                BigDecimal.ONE));
        FailureModel failures = new FailureModel(List.of(
                new FailureModel.Rule(Selector.share(0.02), Behaviour.of(Behaviour.Kind.OFFLINE)),
                new FailureModel.Rule(Selector.attributes(dev.ringmaster.tenancy.AttributeFilter.of("bench",
                        Map.of(DeviceAttributes.MODEL, MODELS[2]))), Behaviour.fails(failing))));
        return new Scenario("agent", "2.0.0", "bench", "salt-bench", plan, ladder, START, horizon, Duration.ofMinutes(15),
                1, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(2), 1_000, true, failures);
    }

    static FleetSnapshot fleet(int count) {
        List<FleetSnapshot.Device> devices = new ArrayList<>(count);
        Map<String, Long> perTenant = new HashMap<>();
        Map<String, TenantFacts> tenants = new HashMap<>();
        // One attributes value per model and build, shared by its devices as a snapshot's would be equal.
        List<DeviceAttributes> attributes = new ArrayList<>();
        for (String build : BUILDS) {
            for (String model : MODELS) {
                attributes.add(new DeviceAttributes(Map.of(DeviceAttributes.MODEL, model, DeviceAttributes.OS_BUILD, build)));
            }
        }
        List<DeviceAttributes> rare = java.util.Arrays.stream(MODELS).map(model -> new DeviceAttributes(
                Map.of(DeviceAttributes.MODEL, model, DeviceAttributes.OS_BUILD, RARE_BUILD))).toList();
        for (int t = 0; t < TENANTS; t++) {
            String tenant = String.format("t%03d", t);
            ZoneId zone = ZoneId.of(ZONES[t % ZONES.length]);
            tenants.put(tenant, new TenantFacts(tenant, new TenantPolicy(PolicyMode.AUTOMATIC, null, null, Duration.ZERO,
                    Duration.ZERO, List.of(), List.of(), false, zone), Set.of(), Map.of(), Map.of(), BigDecimal.ONE));
        }
        for (int i = 0; i < count; i++) {
            String tenant = String.format("t%03d", i % TENANTS);
            UUID id = UUID.nameUUIDFromBytes(("device-" + i).getBytes(StandardCharsets.UTF_8));
            ZoneId zone = i % 4 == 0 ? null : ZoneId.of(ZONES[i % ZONES.length]);
            devices.add(new FleetSnapshot.Device(tenant, new DeviceInput(id, "device-" + i, zone), "1.0.0",
                    i % 100 == 50 ? rare.get(i % MODELS.length)
                            : attributes.get(i % MODELS.length + MODELS.length * (i / 7 % BUILDS.length))));
            perTenant.merge(tenant, 1L, Long::sum);
        }
        return new FleetSnapshot(new ProductFacts(UUID.nameUUIDFromBytes("agent".getBytes(StandardCharsets.UTF_8)), "agent",
                List.of()), tenants, Map.of(), perTenant, devices);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The whole process's CPU time, so the collector's threads count too. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    private static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
