package dev.ringmaster.simulator;

import dev.ringmaster.localstack.EmbeddedDatabase;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./ringmaster simulate --enrollment-key KEY --devices N [options]}: a virtual fleet against a running
 * Ringmaster. See docs/device-api.md for the options.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("help") || !options.containsKey("enrollment-key")) {
            System.out.println("""
                    usage: ./ringmaster simulate --enrollment-key KEY [options]
                      --server URL          Ringmaster base URL (default http://localhost:8080)
                      --devices N           virtual devices to enroll (default 100)
                      --product KEY         product the devices run (default agent)
                      --installed VERSION   version they start on (default 1.0.0)
                      --mix SPEC            behaviour shares, e.g. healthy=0.8,failure=0.05,brick=0.05,flaky=0.05,offline=0.05
                      --rounds N            check-ins per device (default 10)
                      --interval DURATION   pause between rounds, e.g. 2s (default 2s)
                      --loss SHARE          share of requests a flaky device loses (default 0.3)
                      --threads N           devices talking at once (default 32)
                      --prefix TEXT         device id prefix (default sim- and a random suffix: a fleet of its own)
                      --seed N              random seed (default 1)
                    load benchmark instead of rounds (after enrolling the fleet):
                      --fleet-file PATH     keep the enrolled devices' tokens here and reuse them next time
                      --benchmark true      run the scenarios: trivial endpoint, full check-in, 304, DDI poll
                      --tenant SLUG         the tenant of the enrollment key (for DDI paths; default acme)
                      --concurrency N       concurrent clients (default 32)
                      --duration DURATION   per scenario, measured (default 20s)
                      --warmup DURATION     unmeasured load before each timed scenario (default 5s)
                      --scenarios LIST      which of trivial,first,full,304,ddi to run (default all)
                      --repeat N            after a warm-up round, run them N times; print the median shares of the floor (default 1)""");
            System.exit(options.containsKey("help") ? 0 : 2);
        }
        FleetSettings settings = new FleetSettings(
                URI.create(options.getOrDefault("server", "http://localhost:8080")),
                options.get("enrollment-key"),
                // Enrolled ids cannot be enrolled again without their tokens, so each run gets ids of its own.
                options.getOrDefault("prefix", "sim-" + java.util.UUID.randomUUID().toString().substring(0, 6)),
                Integer.parseInt(options.getOrDefault("devices", "100")),
                options.getOrDefault("product", "agent"),
                options.getOrDefault("installed", "1.0.0"),
                mix(options.getOrDefault("mix", "healthy=1")),
                Integer.parseInt(options.getOrDefault("rounds", "10")),
                Duration.parse("PT" + options.getOrDefault("interval", "2s").toUpperCase()),
                Double.parseDouble(options.getOrDefault("loss", "0.3")),
                Integer.parseInt(options.getOrDefault("threads", "32")),
                Long.parseLong(options.getOrDefault("seed", "1")));
        FleetSimulator simulator = new FleetSimulator(settings, System.out);
        long started = System.nanoTime();
        if (options.containsKey("fleet-file")) {
            simulator.enrollOrLoad(Path.of(options.get("fleet-file")));
        } else {
            simulator.enroll();
        }
        System.out.printf("enrolment took %.1f s%n", (System.nanoTime() - started) / 1e9);
        if (options.containsKey("benchmark")) {
            // The generator cannot see the server's database; say what the usual target runs with.
            System.out.println("PostgreSQL: the service's own; `./ringmaster up` runs its embedded one with "
                    + EmbeddedDatabase.Durability.DURABLE.describe() + " (figures before 5 Dec 2026: fsync=off, synchronous_commit=off)");
            new LoadBenchmark(settings.server(), options.getOrDefault("tenant", "acme"), settings.product(), settings.installed(),
                    Integer.parseInt(options.getOrDefault("concurrency", "32")),
                    Duration.parse("PT" + options.getOrDefault("duration", "20s").toUpperCase()),
                    Duration.parse("PT" + options.getOrDefault("warmup", "5s").toUpperCase()), System.out)
                    .repeat(simulator.devices(), List.of(options.getOrDefault("scenarios", String.join(",", LoadBenchmark.SCENARIOS)).split(",")),
                            Integer.parseInt(options.getOrDefault("repeat", "1")));
            return;
        }
        FleetSummary summary = simulator.run();
        System.out.printf("%nsummary after %.1f s%n%s", (System.nanoTime() - started) / 1e9, summary.table());
    }

    static Map<Behaviour, Double> mix(String spec) {
        Map<String, Behaviour> names = Map.of("healthy", Behaviour.HEALTHY, "failure", Behaviour.REPORTS_FAILURE,
                "brick", Behaviour.SILENT_BRICK, "flaky", Behaviour.FLAKY_NETWORK, "offline", Behaviour.OFFLINE);
        Map<Behaviour, Double> mix = new EnumMap<>(Behaviour.class);
        for (String part : spec.split(",")) {
            String[] pair = part.strip().split("=");
            Behaviour behaviour = names.get(pair[0].strip());
            if (behaviour == null || pair.length != 2) {
                throw new IllegalArgumentException("--mix takes name=share pairs with names " + names.keySet());
            }
            mix.put(behaviour, Double.parseDouble(pair[1]));
        }
        return mix;
    }

    /** {@code --name value} pairs, and {@code --help}; shared with {@code ./ringmaster bench}. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("help")) {
                options.put(name, "");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }
}
