package dev.ringmaster.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fleet of virtual devices speaking the native device API over HTTP, exactly as agents would: each enrolls
 * with the tenant's enrollment key, then checks in (revalidating with its last ETag), installs what it is
 * offered and reports, according to its {@link Behaviour}. Used by {@code ./ringmaster simulate} and by tests,
 * in-process, against a test server. Plain HTTP/1.1 ({@link AgentHttp}) and Jackson; no part of the service is
 * called directly.
 */
public final class FleetSimulator {

    /** One virtual device. */
    public static final class VirtualDevice {
        final String deviceId;
        final Behaviour behaviour;
        String token;
        String etag;
        String installed;
        String offeredVersion;
        boolean silent;
        boolean finished;
        final List<Map<String, Object>> unsent = new ArrayList<>();

        VirtualDevice(String deviceId, Behaviour behaviour, String installed) {
            this.deviceId = deviceId;
            this.behaviour = behaviour;
            this.installed = installed;
        }

        public String deviceId() {
            return deviceId;
        }

        public Behaviour behaviour() {
            return behaviour;
        }

        public boolean finished() {
            return finished;
        }

        /** Whether it was ever offered a release. */
        public boolean offered() {
            return offeredVersion != null;
        }
    }

    private final FleetSettings settings;
    private final PrintStream progress;
    private final AgentHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final FleetSummary summary = new FleetSummary();
    private final List<VirtualDevice> devices = new ArrayList<>();
    private final Random random;

    public FleetSimulator(FleetSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
        this.random = new Random(settings.seed());
        this.http = new AgentHttp(settings.server());
    }

    public FleetSummary summary() {
        return summary;
    }

    public List<VirtualDevice> devices() {
        return Collections.unmodifiableList(devices);
    }

    /** Enrolls the whole fleet; behaviours are dealt by the mix, in a shuffled but seeded order. */
    public void enroll() throws InterruptedException {
        List<Behaviour> dealt = deal();
        for (int i = 0; i < settings.devices(); i++) {
            devices.add(new VirtualDevice(String.format("%s-%06d", settings.idPrefix(), i), dealt.get(i), settings.installed()));
        }
        parallel(devices, device -> {
            Map<String, Object> body = Map.of("enrollmentKey", settings.enrollmentKey(), "deviceId", device.deviceId,
                    "installed", Map.of(settings.product(), settings.installed()));
            AgentHttp.Response response = send("/api/device/v1/enroll", null, body, null);
            if (response.status() != 201) {
                summary.add(device.behaviour, FleetSummary.Count.ERRORS);
                String hint = response.status() == 409
                        ? " (an id enrolled before needs its token: use another --prefix, or --fleet-file to keep the tokens)" : "";
                throw new IllegalStateException("enrolling " + device.deviceId + " answered " + response.status() + ": "
                        + response.body() + hint);
            }
            device.token = json.readTree(response.body()).path("token").asText();
            summary.add(device.behaviour, FleetSummary.Count.ENROLLED);
        });
        progress.printf("enrolled %d devices%n", summary.total(FleetSummary.Count.ENROLLED));
    }

    /**
     * Enrolls the fleet, or takes it from {@code fleetFile} when that file holds this fleet's tokens from an
     * earlier run (a benchmark against the same database need not enroll 100,000 devices again). The file
     * holds device tokens, so it is written readable by its owner only.
     */
    public void enrollOrLoad(Path fleetFile) throws InterruptedException, IOException {
        if (Files.exists(fleetFile)) {
            List<Behaviour> dealt = deal();
            List<String> lines = Files.readAllLines(fleetFile);
            if (lines.size() == settings.devices()) {
                for (int i = 0; i < lines.size(); i++) {
                    String[] idAndToken = lines.get(i).split("\t", 2);
                    VirtualDevice device = new VirtualDevice(idAndToken[0], dealt.get(i), settings.installed());
                    device.token = idAndToken[1];
                    devices.add(device);
                    summary.add(device.behaviour, FleetSummary.Count.ENROLLED);
                }
                progress.printf("took %d enrolled devices from %s%n", devices.size(), fleetFile);
                return;
            }
            progress.printf("%s holds %d devices, not %d: enrolling%n", fleetFile, lines.size(), settings.devices());
        }
        enroll();
        Files.deleteIfExists(fleetFile);
        Files.createFile(fleetFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(fleetFile, devices.stream().map(device -> device.deviceId + "\t" + device.token).toList());
    }

    /** Runs the configured rounds of check-ins; answers the summary. */
    public FleetSummary run() throws InterruptedException {
        for (int round = 1; round <= settings.rounds(); round++) {
            parallel(devices, this::step);
            progress.printf("round %d/%d: check-ins %d (304: %d), offered %d, succeeded %d, failed %d, silent %d, errors %d%n",
                    round, settings.rounds(), summary.total(FleetSummary.Count.CHECK_INS), summary.total(FleetSummary.Count.NOT_MODIFIED),
                    summary.total(FleetSummary.Count.OFFERED), summary.total(FleetSummary.Count.SUCCEEDED),
                    summary.total(FleetSummary.Count.FAILED), summary.total(FleetSummary.Count.SILENCED),
                    summary.total(FleetSummary.Count.ERRORS));
            if (round < settings.rounds() && !settings.pause().isZero()) {
                Thread.sleep(settings.pause().toMillis());
            }
        }
        return summary;
    }

    private void step(VirtualDevice device) throws IOException, InterruptedException {
        if (device.behaviour == Behaviour.OFFLINE || device.silent) {
            return;
        }
        if (lost(device)) {
            return;
        }
        resend(device);
        AgentHttp.Response response = send("/api/device/v1/check-in", device.token,
                Map.of("installed", Map.of(settings.product(), device.installed)), device.etag);
        summary.add(device.behaviour, FleetSummary.Count.CHECK_INS);
        if (response.status() == 304) {
            summary.add(device.behaviour, FleetSummary.Count.NOT_MODIFIED);
            return;
        }
        if (response.status() != 200) {
            summary.add(device.behaviour, FleetSummary.Count.ERRORS);
            return;
        }
        device.etag = response.header("ETag").orElse(null);
        JsonNode answer = json.readTree(response.body());
        if ("cancel".equals(answer.path("decision").asText())) {
            // What a stopped rollout had offered it (maybe in an earlier run of this fleet): stopped, and said so.
            report(device, answer.path("cancel").path("actionId").asLong(), "cancelled", null);
            summary.add(device.behaviour, FleetSummary.Count.CANCELLED);
            return;
        }
        if (!"install".equals(answer.path("decision").asText())) {
            return;
        }
        summary.add(device.behaviour, FleetSummary.Count.OFFERED);
        long action = answer.path("release").path("actionId").asLong();
        String version = answer.path("release").path("version").asText();
        device.offeredVersion = version;
        switch (device.behaviour) {
            case SILENT_BRICK -> {
                device.silent = true;
                summary.add(device.behaviour, FleetSummary.Count.SILENCED);
            }
            case REPORTS_FAILURE -> {
                report(device, action, "downloading", 100);
                report(device, action, "failed", null);
                if (device.unsent.isEmpty()) {
                    device.finished = true;
                    summary.add(device.behaviour, FleetSummary.Count.FAILED);
                }
            }
            default -> {
                report(device, action, "downloading", 100);
                report(device, action, "installing", null);
                report(device, action, "succeeded", null);
                if (device.unsent.isEmpty()) {
                    device.installed = version;
                    device.finished = true;
                    summary.add(device.behaviour, FleetSummary.Count.SUCCEEDED);
                }
            }
        }
    }

    /** A report; a flaky device may lose it (kept to resend with the same id) or send it twice. */
    private void report(VirtualDevice device, long action, String kind, Integer percent) throws IOException, InterruptedException {
        Map<String, Object> body = new HashMap<>(Map.of("eventId", device.deviceId + "-" + action + "-" + kind,
                "actionId", action, "kind", kind));
        if (percent != null) {
            body.put("progress", percent);
        }
        if (!device.unsent.isEmpty() || lost(device)) {
            device.unsent.add(body);
            return;
        }
        deliver(device, body);
        if (device.behaviour == Behaviour.FLAKY_NETWORK && chance(settings.lossRate())) {
            // The answer was "lost": the device sends the same report again, which must count once.
            deliver(device, body);
            summary.add(device.behaviour, FleetSummary.Count.RETRIED_REPORTS);
        }
    }

    private void resend(VirtualDevice device) throws IOException, InterruptedException {
        while (!device.unsent.isEmpty()) {
            Map<String, Object> body = device.unsent.getFirst();
            deliver(device, body);
            device.unsent.removeFirst();
            summary.add(device.behaviour, FleetSummary.Count.RETRIED_REPORTS);
            if (device.unsent.isEmpty() && !device.finished) {
                String kind = (String) body.get("kind");
                if ("failed".equals(kind) || "succeeded".equals(kind)) {
                    device.finished = true;
                    summary.add(device.behaviour, "failed".equals(kind) ? FleetSummary.Count.FAILED : FleetSummary.Count.SUCCEEDED);
                    if ("succeeded".equals(kind)) {
                        device.installed = device.offeredVersion;
                    }
                }
            }
        }
    }

    private void deliver(VirtualDevice device, Map<String, Object> body) throws IOException, InterruptedException {
        AgentHttp.Response response = send("/api/device/v1/events", device.token, body, null);
        if (response.status() != 200 && response.status() != 201) {
            summary.add(device.behaviour, FleetSummary.Count.ERRORS);
        }
    }

    private boolean lost(VirtualDevice device) {
        if (device.behaviour == Behaviour.FLAKY_NETWORK && chance(settings.lossRate())) {
            summary.add(device.behaviour, FleetSummary.Count.LOST_REQUESTS);
            return true;
        }
        return false;
    }

    private synchronized boolean chance(double share) {
        return random.nextDouble() < share;
    }

    private AgentHttp.Response send(String path, String token, Object body, String ifNoneMatch) throws IOException {
        Map<String, String> headers = new HashMap<>(4);
        if (token != null) {
            headers.put("Authorization", "TargetToken " + token);
        }
        if (ifNoneMatch != null) {
            headers.put("If-None-Match", ifNoneMatch);
        }
        return http.postJson(path, json.writeValueAsBytes(body), headers);
    }

    private List<Behaviour> deal() {
        Map<Behaviour, Double> mix = new EnumMap<>(settings.mix());
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Behaviour> dealt = new ArrayList<>();
        for (Map.Entry<Behaviour, Double> share : mix.entrySet()) {
            long count = Math.round(settings.devices() * share.getValue() / total);
            for (long i = 0; i < count && dealt.size() < settings.devices(); i++) {
                dealt.add(share.getKey());
            }
        }
        while (dealt.size() < settings.devices()) {
            dealt.add(Behaviour.HEALTHY);
        }
        Collections.shuffle(dealt, new Random(settings.seed()));
        return dealt;
    }

    private interface DeviceWork {
        void run(VirtualDevice device) throws IOException, InterruptedException;
    }

    private void parallel(List<VirtualDevice> fleet, DeviceWork work) throws InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(settings.threads())) {
            List<Future<?>> running = new ArrayList<>();
            for (VirtualDevice device : fleet) {
                running.add(pool.submit(() -> {
                    try {
                        work.run(device);
                    } catch (IOException e) {
                        summary.add(device.behaviour, FleetSummary.Count.ERRORS);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }
}
