package dev.ringmaster.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.simulator.AgentHttp;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device speaking the native device API, as an agent would: enrolled with a tenant's key, checking in with the
 * versions it runs, reporting progress and results of the action it was offered, and running the new version
 * once it reports success (unless told otherwise).
 */
public final class Agent {

    private static final AtomicInteger EVENTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Plain HTTP/1.1 and Jackson rather than RestAssured: a RestAssured request and each {@code JsonPath} lookup
     * compile Groovy, which made the agents' check-ins the largest CPU cost of the device tests (41 % of the test
     * JVM's samples in a profile of the lifecycle tests). Renewed when the test service moves to another port.
     */
    private static volatile AgentHttp http;
    private static volatile int httpPort;

    private final String externalId;
    private final UUID id;
    private final String token;
    private final Map<String, String> installed = new HashMap<>();
    private JsonPath last;
    private JsonNode lastAnswer;

    private Agent(String externalId, UUID id, String token) {
        this.externalId = externalId;
        this.id = id;
        this.token = token;
    }

    /** Enrolls a device with the key, in {@code timeZone} (null: the tenant's), running {@code version} of the product. */
    public static Agent enroll(String enrollmentKey, String externalId, String timeZone, String product, String version) {
        return enroll(enrollmentKey, externalId, timeZone, product, version, null);
    }

    /** Enrolls as {@link #enroll(String, String, String, String, String)}, saying what it is ({@code attributes}, null: nothing). */
    public static Agent enroll(String enrollmentKey, String externalId, String timeZone, String product, String version,
                               Map<String, String> attributes) {
        Map<String, Object> body = new HashMap<>(Map.of("enrollmentKey", enrollmentKey, "deviceId", externalId,
                "installed", Map.of(product, version)));
        if (attributes != null) {
            body.put("attributes", attributes);
        }
        if (timeZone != null) {
            body.put("timeZone", timeZone);
        }
        JsonNode enrolled = answer(post("/api/device/v1/enroll", null, body), 201);
        Agent agent = new Agent(externalId, UUID.fromString(enrolled.path("id").asText()), enrolled.path("token").asText());
        agent.installed.put(product, version);
        return agent;
    }

    public String externalId() {
        return externalId;
    }

    public UUID id() {
        return id;
    }

    public String token() {
        return token;
    }

    public String installed(String product) {
        return installed.get(product);
    }

    /** Checks in reporting what it runs; answers the decision. */
    public JsonPath checkIn() {
        return checkedIn(post("/api/device/v1/check-in", token, Map.of("installed", installed)));
    }

    /** Checks in reporting what it runs and its attributes, as an agent sending them every time does. */
    public JsonPath checkIn(Map<String, String> attributes) {
        return checkedIn(post("/api/device/v1/check-in", token, Map.of("installed", installed, "attributes", attributes)));
    }

    private JsonPath checkedIn(AgentHttp.Response response) {
        lastAnswer = answer(response, 200);
        last = new JsonPath(response.body());
        return last;
    }

    private static AgentHttp.Response post(String path, String token, Object body) {
        try {
            return client().postJson(path, JSON.writeValueAsBytes(body),
                    token == null ? Map.of() : Map.of("Authorization", "TargetToken " + token));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path, e);
        }
    }

    private static JsonNode answer(AgentHttp.Response response, int expected) {
        if (response.status() != expected) {
            throw new AssertionError("expected status " + expected + " but was " + response.status() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static AgentHttp client() {
        int port = RestAssured.port;
        AgentHttp current = http;
        if (current == null || httpPort != port) {
            synchronized (Agent.class) {
                if (http == null || httpPort != port) {
                    if (http != null) {
                        http.close();
                    }
                    http = new AgentHttp(URI.create(RestAssured.baseURI + ":" + port));
                    httpPort = port;
                }
                current = http;
            }
        }
        return current;
    }

    /**
     * Checks in until the answer is what {@code expected} says (or five seconds passed); answers the last answer.
     * For a check-in right after a change: the service's device caches learn of changed windows from PostgreSQL
     * notifications, a moment after the change committed. Wall-clock patience, not virtual time: nothing that
     * waits for the clock to move may use it.
     */
    public JsonPath checkInUntil(java.util.function.Predicate<Agent> expected) {
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        checkIn();
        while (!expected.test(this) && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            checkIn();
        }
        return last;
    }

    /** The decision of the last check-in: {@code install} or {@code wait}. */
    public String decision() {
        return text("decision");
    }

    /** The version offered at the last check-in, or null when told to wait. */
    public String offered() {
        return "install".equals(decision()) ? text("release", "version") : null;
    }

    /** Why the last check-in said wait. */
    public String waitReason() {
        return text("reason");
    }

    /** A field of the last check-in's answer, null when absent. */
    private String text(String... path) {
        JsonNode node = lastAnswer;
        for (String name : path) {
            node = node.path(name);
        }
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** The action the last check-in said to cancel ({@code decision: cancel}), or null. */
    public Long cancelledAction() {
        return "cancel".equals(decision()) ? action("cancel") : null;
    }

    /**
     * Checks in as an agent that obeys cancels does: each action it is told to cancel (a stopped rollout's) it
     * reports {@code cancelled} and checks in again, until the answer is an offer or a wait.
     */
    public JsonPath checkInPastCancels() {
        checkIn();
        for (int cancels = 0; cancels < 20 && cancelledAction() != null; cancels++) {
            report(cancelledAction(), "cancelled");
            checkIn();
        }
        return last;
    }

    public long actionId() {
        return action("release");
    }

    private long action(String field) {
        JsonNode id = lastAnswer.path(field).path("actionId");
        if (!id.canConvertToLong()) {
            throw new IllegalStateException("the last check-in named no " + field + " action: " + lastAnswer);
        }
        return id.asLong();
    }

    /** Reports one step of the action offered last; answers the HTTP status. */
    public int report(String kind) {
        return report(actionId(), kind);
    }

    public int report(long actionId, String kind) {
        return post("/api/device/v1/events", token,
                Map.of("eventId", externalId + "-" + EVENTS.incrementAndGet(), "actionId", actionId, "kind", kind)).status();
    }

    /** Reports success of the action offered last and reboots into the release; it checks in with it later. */
    public void reportsSuccess() {
        String version = offered();
        String product = text("release", "product");
        report("succeeded");
        installed.put(product, version);
    }

    /**
     * Reports success of the action offered last, then runs the release and checks in with it. On a frozen clock
     * both happen at one instant, which does not confirm the success: move the clock between
     * {@link #reportsSuccess()} and {@link #checkIn()} where the gates must count it.
     */
    public void succeeds() {
        reportsSuccess();
        checkIn();
    }

    /**
     * Checks in, and when offered a release downloads, installs and reports success, then reboots into it: from
     * now on it reports the release's version, but it has not checked in with it yet.
     */
    public String checkInAndReportSuccess() {
        checkIn();
        String version = offered();
        if (version != null) {
            report("downloading");
            report("installing");
            report("succeeded");
            installed.put(text("release", "product"), version);
        }
        return version;
    }

    /**
     * Checks in, and when offered a release downloads, installs, reports success, runs it and checks in again
     * with it (as an agent does after the reboot into the new version, which is what makes the success count).
     */
    public String checkInAndInstall() {
        checkIn();
        String version = offered();
        if (version != null) {
            report("downloading");
            report("installing");
            succeeds();
        }
        return version;
    }

    /** Reports only this product from now on, at {@code version} (a test that moves a shared fleet to its own product). */
    public void runsOnly(String product, String version) {
        installed.clear();
        installed.put(product, version);
    }

    /** Runs {@code version} of the product from now on (an A/B fallback, a manual install). */
    public void runs(String product, String version) {
        installed.put(product, version);
    }
}
