package dev.ringmaster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.localstack.EmbeddedDatabase;
import dev.ringmaster.simulator.Behaviour;
import dev.ringmaster.simulator.FleetSettings;
import dev.ringmaster.simulator.FleetSimulator;
import dev.ringmaster.simulator.SimulatorMain;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./ringmaster bench [options]}: the device path under {@code wrk}. Starts the packaged service (or takes
 * one at {@code --server}), enrolls a fleet, then measures the scenarios of docs/benchmarks.md and writes
 * {@code target/bench/results.md}. It lives in the service's jar, next to the simulator whose enrolment it
 * uses, so the run command needs nothing but the packaged application on the class path.
 */
public final class BenchMain {

    private static final String USAGE = """
            usage: ./ringmaster bench [options]
              --devices N            devices to enroll (default 100000)
              --repeat N             repetitions of each timed scenario (default 3)
              --duration D           each timed run, e.g. 30s (default 30s)
              --warmup D             unmeasured load before each timed run (default 5s)
              --connections N        wrk connections (default 64)
              --threads N            wrk threads of the timed runs (default 2; a pass runs one thread per connection)
              --heap SIZE            the service's -Xmx, e.g. 1g (default: the JVM's default)
              --burst proven|unproven|none  the burst's release past its first customer ring or not (default proven;
                                     unproven raises the vendor-wide blast radius of a service started here; none skips
                                     the burst and the scenarios after it)
              --artifact-size BYTES  the release's artifact (default 65536)
              --enroll-threads N     parallel enrolments (default 64)
              --enroll-keys N        enrollment keys they share (default 16; 1 measures one key's enrolments)
              --server URL           a running service instead of starting one (with --keycloak URL;
                                     --service-pid / --postgres-pid to read its CPU)
              --tenant SLUG, --tenant-admin USER, --vendor-admin USER, --release-manager USER, --password PASSWORD
                                     who sets it up (default the sample tenant acme: acme-admin, vera.vendor, rick.release)""";

    private final Map<String, String> options;
    private final Path out = Path.of("target", "bench");
    private final BenchReport report = new BenchReport();
    private BenchService service;
    private Wrk wrk;
    private final int connections;
    private final int threads;
    private final Duration duration;
    private final Duration warmup;

    private BenchMain(Map<String, String> options) {
        this.options = options;
        this.connections = Integer.parseInt(option("connections", "64"));
        this.threads = Integer.parseInt(option("threads", "2"));
        this.duration = duration(option("duration", "30s"));
        this.warmup = duration(option("warmup", "5s"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = SimulatorMain.parse(args);
        if (options.containsKey("help")) {
            System.out.println(USAGE);
            return;
        }
        new BenchMain(options).run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        int devices = Integer.parseInt(option("devices", "100000"));
        int repeat = Integer.parseInt(option("repeat", "3"));
        if (devices < connections) {
            throw new IllegalArgumentException("--devices must be at least --connections: a pass gives each connection its own devices");
        }
        boolean proven = !"unproven".equals(option("burst", "proven"));
        String tenant = option("tenant", "acme");
        String admin = option("tenant-admin", tenant + "-admin");
        Files.createDirectories(out);
        for (String stale : List.of("devices.tsv", "offered.tsv", "results.md")) {
            Files.deleteIfExists(out.resolve(stale));
        }
        List<String> jvm = options.containsKey("heap") ? List.of("-Xmx" + options.get("heap")) : List.of();
        report.note("# `./ringmaster bench` — " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        report.note("");
        report.note("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), load averages at start "
                + load() + " (the generator, wrk, runs on the same machine)");
        report.note("- wrk: " + connections + " connections, " + threads + " threads for timed runs (" + duration.toSeconds() + " s after "
                + warmup.toSeconds() + " s of warm-up, " + repeat + " repetitions), one thread per connection for passes over the fleet");
        if (options.containsKey("server")) {
            service = BenchService.running(URI.create(options.get("server")), URI.create(option("keycloak", "http://localhost:8180")),
                    Long.parseLong(option("service-pid", "0")), Long.parseLong(option("postgres-pid", "0")));
            report.note("- service: " + options.get("server") + " (not started here; caches are not cold for the first contact)");
        } else {
            Path data = out.resolve("data");
            deleteTree(data);
            Map<String, String> env = proven ? Map.of() : Map.of("RINGMASTER_BLAST_RADIUS_PER_HOUR", "100000000");
            System.out.println("bench: starting the packaged service (data in " + data + ", log " + data.resolve("service.log") + ")");
            service = BenchService.start(data, jvm, env);
            report.note("- service: the packaged service, local profile, started here; JVM " + (jvm.isEmpty() ? "default heap (max "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB in this JVM's default)" : String.join(" ", jvm))
                    + "; embedded PostgreSQL with " + EmbeddedDatabase.Durability.DURABLE.describe() + env.keySet().stream()
                    .map(name -> "; " + name + "=" + env.get(name)).reduce("", String::concat));
        }
        wrk = new Wrk(Path.of("bench", "ringmaster.lua").toAbsolutePath(), service.url().toString(), out);
        try (BenchFixture fixture = new BenchFixture(service.url(), service.keycloak(), option("password", "ringmaster"))) {
            fixture.create(option("vendor-admin", "vera.vendor"), option("release-manager", "rick.release"), admin, proven,
                    Integer.parseInt(option("artifact-size", "65536")));
            report.note("- product `" + fixture.product + "` in tenant `" + tenant + "`, release " + BenchFixture.VERSION + " ("
                    + (proven ? "proven: past its first customer ring" : "unproven: the blast-radius cap applies") + ")");
            Path fleetFile = out.resolve("devices.tsv");
            List<String> tokens = enroll(fixture, admin, devices, fleetFile);
            Map<String, String> common = Map.of("devices", fleetFile.toAbsolutePath().toString(), "tenant", tenant,
                    "product", fixture.product, "installed", BenchFixture.INSTALLED);
            // Every device waits for the window three days on once its windows are stored.
            JsonNode waiting = fixture.awaitAnswer(tokens.getLast(), answer -> "before-window".equals(answer.path("reason").asText()),
                    Duration.ofMinutes(10));
            fixture.awaitAnswer(tokens.getFirst(), answer -> "before-window".equals(answer.path("reason").asText()), Duration.ofMinutes(10));
            if (service.restartable()) {
                System.out.println("bench: restarting the service for the first contact with cold caches");
                service.restart();
            }
            double floor = timed("floor before a pass", 1, Map.of("mode", "health"), Double.NaN);
            pass("first check-in (cold)", with(common, "mode", "checkin"), floor);
            // A DDI poll reads what a check-in does not (when the device last sent its attributes, ConfigDataStamps):
            // one pass reads it for every device, as a fleet that polls has, so the timed DDI runs measure the steady
            // state and not the tail of a first contact (the first of three used to read the database throughout).
            pass("first DDI poll (attribute stamps cold)", with(common, "mode", "ddi-poll"), floor);
            for (int rep = 1; rep <= repeat; rep++) {
                double repFloor = timed("floor", rep, Map.of("mode", "health"), Double.NaN);
                timed("full check-in", rep, with(common, "mode", "checkin"), repFloor);
                timed("304 revalidation", rep, with(with(common, "mode", "revalidate"), "tag", waiting.path("etag").asText()), repFloor);
                timed("DDI poll", rep, with(common, "mode", "ddi-poll"), repFloor);
            }
            if ("none".equals(option("burst", "proven"))) {
                report.note("- no window-opens burst (`--burst none`)");
            } else {
                burst(fixture, admin, common, repeat, tokens);
            }
        } finally {
            report.note("- load averages at the end " + load());
            Files.writeString(out.resolve("results.md"), report.markdown());
            System.out.println();
            System.out.println(report.markdown());
            System.out.println("bench: written to " + out.resolve("results.md"));
            service.close();
        }
    }

    /** The window opens for the whole fleet in the same minute: every device comes for its offer, then reports. */
    private void burst(BenchFixture fixture, String admin, Map<String, String> common, int repeat, List<String> tokens) throws Exception {
        ZonedDateTime opens = ZonedDateTime.now(ZoneOffset.UTC).plus(duration).plus(warmup).plusSeconds(40)
                .truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        fixture.window(admin, opens);
        Instant deadline = opens.toInstant().plus(Duration.ofMinutes(10));
        // The policy edit is stored once each device is told to come back when the new window opens (jitter up to 5 min).
        for (String token : List.of(tokens.getFirst(), tokens.getLast())) {
            fixture.awaitAnswer(token, answer -> BenchFixture.retryAt(answer).isBefore(deadline), Duration.ofMinutes(5));
        }
        double floor = timed("floor before a pass", 2, Map.of("mode", "health"), Double.NaN);
        long wait = Duration.between(Instant.now(), opens.toInstant()).toMillis() + 500;
        System.out.printf("bench: the window opens at %s; waiting %.0f s%n", opens, wait / 1e3);
        Thread.sleep(Math.max(0, wait));
        BenchReport.Run offers = pass("window opens: offers", with(common, "mode", "checkin"), floor);
        Path offered = out.resolve("offered.tsv");
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(out.resolve("wrk"))) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("offered-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        Files.write(offered, lines);
        long distinctActions = lines.stream().map(line -> line.split("\t")[2]).distinct().count();
        report.note(String.format("- window opens at %s for %d devices: %d offered (%d distinct actions) in %.1f s from the first check-in "
                        + "to the last answer (every device may install: no cap, no deferral), %.0f offers/s", opens, tokens.size(), lines.size(),
                distinctActions, offers.outcome().seconds(), lines.size() / offers.outcome().seconds()));
        if (lines.isEmpty()) {
            throw new IllegalStateException("no device was offered the release when its window opened");
        }
        String[] first = lines.getFirst().split("\t");
        String releaseId = fixture.checkIn(first[1]).path("release").path("releaseId").asText();
        Map<String, String> actions = with(common, "devices", offered.toAbsolutePath().toString());
        for (int rep = 1; rep <= repeat; rep++) {
            double repFloor = timed("floor", rep, Map.of("mode", "health"), Double.NaN);
            timed("DDI deploymentBase", rep, with(actions, "mode", "ddi-deployment"), repFloor);
            timed("artifact download", rep, with(with(with(actions, "mode", "artifact"), "release", releaseId), "file", fixture.artifactName), repFloor);
        }
        double lastFloor = timed("floor before a pass", 3, Map.of("mode", "health"), Double.NaN);
        pass("window opens: reports", with(actions, "mode", "report"), lastFloor);
    }

    /**
     * Enrolls the fleet through the native endpoint, in parallel, with several enrollment keys (as a fleet's sites
     * would have; on 6 Dec, before {@code KeyUses} batched a key's uses, enrolments with one key queued on its row
     * lock at ~25 a second here). The devices file lists every device as {@code id<TAB>token}.
     */
    private List<String> enroll(BenchFixture fixture, String admin, int devices, Path fleetFile) throws Exception {
        int keys = Math.max(1, Math.min(devices, Integer.parseInt(option("enroll-keys", "16"))));
        int threads = Math.max(1, Integer.parseInt(option("enroll-threads", "64")) / keys);
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        System.out.printf("bench: enrolling %d devices with %d keys, %d at a time each%n", devices, keys, threads);
        long started = System.nanoTime();
        List<java.util.concurrent.Future<List<String>>> parts = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(keys)) {
            for (int k = 0; k < keys; k++) {
                int count = devices / keys + (k < devices % keys ? 1 : 0);
                FleetSettings settings = new FleetSettings(service.url(), fixture.enrollmentKey(admin, count), String.format("%s-%02d", prefix, k),
                        count, fixture.product, BenchFixture.INSTALLED, Map.of(Behaviour.HEALTHY, 1.0), 1, Duration.ZERO, 0, threads, 1);
                Path part = out.resolve("devices-" + k + ".tsv");
                parts.add(pool.submit(() -> {
                    Files.deleteIfExists(part);
                    new FleetSimulator(settings, System.out).enrollOrLoad(part);
                    List<String> lines = Files.readAllLines(part);
                    Files.delete(part);
                    return lines;
                }));
            }
            List<String> all = new ArrayList<>();
            for (var part : parts) {
                all.addAll(part.get());
            }
            Files.deleteIfExists(fleetFile);
            Files.createFile(fleetFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.write(fleetFile, all);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.note(String.format("- enrolled %d devices in %.0f s (%.0f/s; %d keys, %d enrolments at a time; load averages after: %s)",
                devices, seconds, devices / seconds, keys, keys * threads, load()));
        return Files.readAllLines(fleetFile).stream().map(line -> line.split("\t")[1]).toList();
    }

    /** An unmeasured warm-up, then the measured run; answers its requests per second. */
    private double timed(String scenario, int repetition, Map<String, String> args, double floorPerSecond) throws Exception {
        if (!warmup.isZero()) {
            wrk.timed(threads, connections, warmup, args);
        }
        ServerCpu.Sample before = service.cpu().sample();
        Wrk.Outcome outcome = wrk.timed(threads, connections, duration, args);
        record(scenario, repetition, outcome, before, Double.isNaN(floorPerSecond) ? outcome.perSecond() : floorPerSecond);
        return outcome.perSecond();
    }

    /** Every device once, one after another. */
    private BenchReport.Run pass(String scenario, Map<String, String> args, double floorPerSecond) throws Exception {
        ServerCpu.Sample before = service.cpu().sample();
        return record(scenario, 1, wrk.pass(connections, args), before, floorPerSecond);
    }

    private BenchReport.Run record(String scenario, int repetition, Wrk.Outcome outcome, ServerCpu.Sample before, double floorPerSecond) {
        ServerCpu.Sample after = service.cpu().sample();
        BenchReport.Run run = new BenchReport.Run(scenario, repetition, outcome, floorPerSecond,
                (after.jvmSeconds() - before.jvmSeconds()) * 1e6 / outcome.requests(),
                (after.postgresSeconds() - before.postgresSeconds()) * 1e6 / outcome.requests(), service.cpu().rssMiB(), load());
        report.add(run);
        System.out.println(BenchReport.line(run));
        return run;
    }

    private static Map<String, String> with(Map<String, String> args, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(args);
        copy.put(key, value);
        return copy;
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception unknown) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst().map(line -> line.split(":", 2)[1].strip()).orElse("?");
        } catch (Exception unknown) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }
}
