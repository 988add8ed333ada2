package dev.ringmaster.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput and latency of the device endpoints with a large enrolled fleet: each scenario runs for a fixed
 * time with a fixed number of concurrent clients, every request on behalf of the next device in turn, and
 * reports requests per second, the 50th and 99th latency percentiles and how busy the CPUs were. A timed
 * scenario first runs unmeasured for a warm-up, so that neither the generator's nor the service's just-in-time
 * compilation of that scenario's code counts in its figures. Scenarios:
 * a trivial endpoint (the floor: HTTP stack only); every device's first check-in of the run, once each (the
 * service has not seen their tokens yet: cold caches); a full native check-in in the steady state (token
 * known, stored windows and installed versions read, decision computed); a 304 revalidation (answered from the
 * decision cache); and a hawkBit DDI poll.
 */
public final class LoadBenchmark {

    /** One scenario's outcome. */
    public record Result(String name, long requests, long errors, double perSecond, double p50Millis, double p99Millis,
                         CpuUse cpu, Map<Integer, Long> statuses) {
        String line() {
            return String.format("%-22s %10d req %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %s  errors %d  statuses %s",
                    name, requests, perSecond, p50Millis, p99Millis, cpu, errors, statuses);
        }
    }

    private interface RequestFor {
        HttpRequest build(FleetSimulator.VirtualDevice device) throws Exception;
    }

    private final URI server;
    private final String tenant;
    private final String product;
    private final String installed;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> etags = new ConcurrentHashMap<>();

    public LoadBenchmark(URI server, String tenant, String product, String installed, int concurrency, Duration duration,
                         Duration warmup, PrintStream out) {
        this.server = server;
        this.tenant = tenant;
        this.product = product;
        this.installed = installed;
        this.concurrency = concurrency;
        this.duration = duration;
        this.warmup = warmup;
        this.out = out;
    }

    /**
     * Runs the scenarios {@code times} over and prints, for each scenario, its throughput as a share of the
     * floor's in the same repetition, and the median of those shares and of its p99. On a busy two-core machine
     * the floor alone moves by a third from minute to minute; a ratio taken between neighbouring runs, and its
     * median over several, says more than one long run of each. With more than one repetition, a first one
     * warms up the generator and the service's caches (a device's token and decision are cached after its first
     * request) and is not counted.
     */
    public List<List<Result>> repeat(List<FleetSimulator.VirtualDevice> fleet, List<String> scenarios, int times) throws Exception {
        if (times <= 1) {
            return List.of(run(fleet, scenarios));
        }
        out.println("-- warm-up repetition, not counted");
        run(fleet, scenarios);
        List<List<Result>> rounds = new ArrayList<>();
        for (int round = 1; round <= times; round++) {
            out.println("-- repetition " + round + " of " + times);
            rounds.add(run(fleet, scenarios));
        }
        out.print(table(shares(rounds)));
        return rounds;
    }

    /** A scenario's throughput as shares of the floor's, one per repetition, and the medians. */
    record Shares(List<Double> ofFloor, double median, double medianP99Millis) {
    }

    /** Each scenario against the trivial one of the same repetition, in the order they ran. */
    static Map<String, Shares> shares(List<List<Result>> rounds) {
        Map<String, List<Double>> shares = new LinkedHashMap<>();
        Map<String, List<Double>> p99s = new LinkedHashMap<>();
        for (List<Result> round : rounds) {
            Result floor = round.stream().filter(result -> result.name().startsWith("trivial")).findFirst().orElse(null);
            for (Result result : round) {
                if (floor != null && result != floor) {
                    shares.computeIfAbsent(result.name(), name -> new ArrayList<>()).add(result.perSecond() / floor.perSecond());
                    p99s.computeIfAbsent(result.name(), name -> new ArrayList<>()).add(result.p99Millis());
                }
            }
        }
        Map<String, Shares> table = new LinkedHashMap<>();
        shares.forEach((name, values) -> table.put(name, new Shares(values, median(values), median(p99s.get(name)))));
        return table;
    }

    private static String table(Map<String, Shares> shares) {
        StringBuilder table = new StringBuilder(String.format("%-24s %-36s %8s %11s%n", "vs floor, same repetition", "shares",
                "median", "median p99"));
        shares.forEach((name, share) -> table.append(String.format("%-24s %-36s %6.1f %% %8.2f ms%n", name,
                share.ofFloor().stream().map(value -> String.format("%.0f%%", value * 100)).toList(), share.median() * 100,
                share.medianP99Millis())));
        return table.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The scenarios, in the order they run; the 304 one revalidates the tags the check-ins before it got. */
    public static final List<String> SCENARIOS = List.of("trivial", "first", "full", "304", "ddi");

    public List<Result> run(List<FleetSimulator.VirtualDevice> fleet, List<String> scenarios) throws Exception {
        byte[] checkIn = json.writeValueAsBytes(Map.of("installed", Map.of(product, installed)));
        List<Result> results = new ArrayList<>();
        if (scenarios.contains("trivial")) {
            results.add(scenario("trivial (health)", fleet, device -> HttpRequest.newBuilder(server.resolve("/q/health/live")).GET().build(), false));
        }
        if (scenarios.contains("first")) {
            results.add(scenario("first check-in (cold)", fleet, device -> checkInRequest(device, checkIn, null), true, fleet.size()));
        }
        if (scenarios.contains("full")) {
            results.add(scenario("full check-in", fleet, device -> checkInRequest(device, checkIn, null), true));
        }
        if (scenarios.contains("304")) {
            List<FleetSimulator.VirtualDevice> tagged = fleet.stream().filter(device -> etags.containsKey(device.deviceId)).toList();
            results.add(scenario("304 revalidation", tagged, device -> checkInRequest(device, checkIn, etags.get(device.deviceId)), false));
        }
        if (scenarios.contains("ddi")) {
            results.add(scenario("DDI poll", fleet, device -> HttpRequest.newBuilder(
                            server.resolve("/" + tenant + "/controller/v1/" + device.deviceId))
                    .header("Authorization", "TargetToken " + device.token).GET().build(), false));
        }
        return results;
    }

    private HttpRequest checkInRequest(FleetSimulator.VirtualDevice device, byte[] body, String etag) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/api/device/v1/check-in"))
                .header("Authorization", "TargetToken " + device.token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return request.build();
    }

    private Result scenario(String name, List<FleetSimulator.VirtualDevice> fleet, RequestFor requests, boolean keepEtags) throws Exception {
        return scenario(name, fleet, requests, keepEtags, Integer.MAX_VALUE);
    }

    /** Runs until the duration is up or {@code limit} requests were sent, whichever comes first. */
    private Result scenario(String name, List<FleetSimulator.VirtualDevice> fleet, RequestFor requests, boolean keepEtags,
                            int limit) throws Exception {
        if (fleet.isEmpty()) {
            throw new IllegalStateException(name + ": no devices to use");
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        // Requests that got no answer at all, by what the client said, so an error count can be told apart.
        Map<String, Long> failures = new ConcurrentHashMap<>();
        boolean timed = limit == Integer.MAX_VALUE;
        // Requests sent before measuredFrom warm up; only those sent after it count.
        long measuredFrom = System.nanoTime() + (timed ? warmup.toNanos() : 0);
        long deadline = timed ? measuredFrom + duration.toNanos() : Long.MAX_VALUE;
        List<long[]> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            long[] mine = new long[Math.min(4_000_000, limit) / concurrency + 1];
            latencies.add(mine);
            counts.add(0);
            int worker = w;
            workers.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                while (System.nanoTime() < deadline && n < mine.length) {
                    int turn = next.getAndIncrement();
                    if (turn >= limit) {
                        break;
                    }
                    FleetSimulator.VirtualDevice device = fleet.get(Math.floorMod(turn, fleet.size()));
                    long started = System.nanoTime();
                    boolean measured = started >= measuredFrom;
                    try {
                        HttpResponse<String> response = http.send(requests.build(device), HttpResponse.BodyHandlers.ofString());
                        if (keepEtags) {
                            response.headers().firstValue("ETag").ifPresent(tag -> etags.put(device.deviceId, tag));
                        }
                        if (!measured) {
                            continue;
                        }
                        mine[n++] = System.nanoTime() - started;
                        statuses.merge(response.statusCode(), 1L, Long::sum);
                        if (response.statusCode() >= 400) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (measured) {
                            errors.incrementAndGet();
                            failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
                        }
                    }
                }
                synchronized (counts) {
                    counts.set(worker, n);
                }
            }));
        }
        long untilMeasured = measuredFrom - System.nanoTime();
        if (untilMeasured > 0) {
            Thread.sleep(untilMeasured / 1_000_000, (int) (untilMeasured % 1_000_000));
        }
        CpuUse.Sample cpuBefore = CpuUse.sample();
        long started = System.nanoTime();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuUse cpu = CpuUse.since(cpuBefore);
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies.get(w), 0, all, at, counts.get(w));
            at += counts.get(w);
        }
        Arrays.sort(all);
        Result result = new Result(name, total, errors.get(), total / seconds, percentile(all, 0.50), percentile(all, 0.99),
                cpu, new TreeMap<>(statuses));
        out.println(result.line());
        failures.forEach((failure, count) -> out.printf("    %d× %s%n", count, failure));
        return result;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
