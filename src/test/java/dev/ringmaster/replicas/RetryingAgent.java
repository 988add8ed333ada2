package dev.ringmaster.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One device of a fleet talking to a service that may die at any moment, as an agent behaves: it checks in
 * (revalidating with its last ETag), installs what it is offered and reports each step under a fixed event id; a
 * request that got no answer (refused, reset, timed out, or a 5xx) is sent again as it was. It keeps what a test
 * needs to hold against what the service kept: the reports the service confirmed, how many of them only a resend
 * got confirmed, and every answer an agent would not expect.
 *
 * <p>Used by one thread at a time; read by the test once that thread ended, except {@link #runs} and
 * {@link #describe}, which a test reads while it runs.
 */
final class RetryingAgent {

    static final List<String> STEPS = List.of("downloading", "installing", "succeeded");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String deviceId;
    private final String id;
    private final String token;
    private final String product;
    private final Duration pollEvery;
    private String installed;
    private String etag;
    private long action;
    private String offeredVersion;
    private final Deque<String> unreported = new ArrayDeque<>();
    private boolean resending;
    private long nextCheckIn;
    private final List<String> confirmed = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private int unanswered;
    private int confirmedOnResend;
    private int storedBeforeTheAnswerWasLost;
    /** What the last check-in got (status and decision). */
    private String lastAnswer = "no check-in yet";
    /** Where it stood after its last step, published for a test's failure message while the fleet runs. */
    private volatile String described;

    private RetryingAgent(String deviceId, String id, String token, String product, String installed, Duration pollEvery) {
        this.deviceId = deviceId;
        this.id = id;
        this.token = token;
        this.product = product;
        this.installed = installed;
        this.pollEvery = pollEvery;
        this.nextCheckIn = System.nanoTime();
    }

    /** Enrolls {@code deviceId} running {@code installed} of {@code product}; the service must be up. */
    static RetryingAgent enroll(HttpClient http, URI server, String key, String deviceId, String product, String installed,
                                Duration pollEvery) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(post(server, "/api/device/v1/enroll", null, Map.of("enrollmentKey", key,
                "deviceId", deviceId, "installed", Map.of(product, installed))).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("enrolling " + deviceId + " answered " + answer.statusCode() + ": " + answer.body());
        }
        JsonNode enrolled = JSON.readTree(answer.body());
        return new RetryingAgent(deviceId, enrolled.path("id").asText(), enrolled.path("token").asText(), product, installed,
                pollEvery);
    }

    /**
     * Sends at most one request: the report waiting for an answer first, else a check-in once one is due.
     * Answers whether it sent one that got no answer (the caller backs off, as agents do).
     */
    boolean step(HttpClient http, URI server) throws InterruptedException {
        boolean sent = true;
        try {
            if (!unreported.isEmpty()) {
                report(http, server);
            } else if (System.nanoTime() - nextCheckIn >= 0) {
                checkIn(http, server);
            } else {
                sent = false;
            }
            return false;
        } catch (IOException e) {
            unanswered++;
            resending = !unreported.isEmpty();
            return true;
        } finally {
            if (sent) {
                described = deviceId + " runs " + installed + ", action " + action + " (" + offeredVersion + "), to report "
                        + unreported + ", last check-in " + lastAnswer + (unexpected.isEmpty() ? "" : ", unexpected " + unexpected);
            }
        }
    }

    private void report(HttpClient http, URI server) throws IOException, InterruptedException {
        String kind = unreported.getFirst();
        HttpResponse<String> answer = http.send(post(server, "/api/device/v1/events", token, Map.of(
                "eventId", deviceId + "-" + action + "-" + kind, "actionId", action, "kind", kind)).build(),
                HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        if (status >= 500) {
            unanswered++;
            resending = true;
            return;
        }
        if (status == 200 || status == 201) {
            confirmed.add(kind);
            confirmedOnResend += resending ? 1 : 0;
            // 200 is the service's "stored already": the first send was kept, only its answer was lost.
            storedBeforeTheAnswerWasLost += resending && status == 200 ? 1 : 0;
        } else {
            unexpected.add(deviceId + ": report " + kind + " of action " + action + " answered " + status + " " + answer.body());
        }
        resending = false;
        unreported.removeFirst();
        if ("succeeded".equals(kind) && (status == 200 || status == 201)) {
            installed = offeredVersion;
            // An agent checks in on its new version right after the reboot: that confirms the success.
            nextCheckIn = System.nanoTime();
        }
    }

    private void checkIn(HttpClient http, URI server) throws IOException, InterruptedException {
        HttpRequest.Builder request = post(server, "/api/device/v1/check-in", token, Map.of("installed", Map.of(product, installed)));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        lastAnswer = String.valueOf(status);
        if (status >= 500) {
            unanswered++;
            return;
        }
        nextCheckIn = System.nanoTime() + pollEvery.toNanos();
        if (status == 304) {
            return;
        }
        if (status != 200) {
            unexpected.add(deviceId + ": check-in answered " + status + " " + answer.body());
            return;
        }
        etag = answer.headers().firstValue("ETag").orElse(null);
        JsonNode body = JSON.readTree(answer.body());
        String decision = body.path("decision").asText();
        lastAnswer = status + " " + decision + " " + body.path("reason").asText("");
        if ("install".equals(decision)) {
            long offered = body.path("release").path("actionId").asLong();
            if (offered != action) {
                action = offered;
                offeredVersion = body.path("release").path("version").asText();
                unreported.addAll(STEPS);
            }
        } else if (!"wait".equals(decision)) {
            unexpected.add(deviceId + ": check-in decided " + answer.body());
        }
    }

    private static HttpRequest.Builder post(URI server, String path, String token, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "TargetToken " + token);
        }
        return request;
    }

    /** Whether it runs {@code version} and has nothing left to report. */
    boolean runs(String version) {
        return version.equals(installed) && unreported.isEmpty();
    }

    /** Where it stands, for a failure message: what it runs, what it still has to report, what it last heard. */
    String describe() {
        return described == null ? deviceId + " not stepped yet" : described;
    }

    /** Its id in the service (the tenant API's device id). */
    String id() {
        return id;
    }

    String deviceId() {
        return deviceId;
    }

    /** The steps the service confirmed with a 2xx, in order. */
    List<String> confirmed() {
        return List.copyOf(confirmed);
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Requests that got no answer and were sent again (or, for a check-in, later). */
    int unanswered() {
        return unanswered;
    }

    int confirmedOnResend() {
        return confirmedOnResend;
    }

    /** Reports a resend found stored already (200): the service kept the first send, whose answer the kill lost. */
    int storedBeforeTheAnswerWasLost() {
        return storedBeforeTheAnswerWasLost;
    }
}
