package dev.ringmaster.device;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.ringmaster.support.DeviceApi.device;
import static dev.ringmaster.support.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The native check-in against real PostgreSQL: the offer rules, the offered event, the ETag cache. Each test has
 * a stage of its own (tenant, product, running rollout, built through the API); windows come from the real store,
 * shaped by the tenant's maintenance windows on the frozen, movable clock.
 */
@QuarkusTest
class CheckInTest {

    private static final byte[] CONTENT = "agent build 2.0.0".getBytes(StandardCharsets.UTF_8);

    @Inject
    MeterRegistry registry;

    RolloutStage stage;
    String product;
    String version;
    UUID rollout;
    /** Whole minutes, as maintenance windows start. */
    Instant now;

    @BeforeEach
    void stage() {
        now = TimeMachine.clock().freezeAt(TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        stage = RolloutStage.open("checkin", 1, "agent.bin", CONTENT, "https://downloads.example.com/agent.bin");
        product = stage.product();
        version = stage.version();
        rollout = stage.rollout();
    }

    @AfterEach
    void thaw() {
        TimeMachine.clock().thaw();
    }

    private Agent enrolled() {
        return stage.enroll("ci-" + UUID.randomUUID());
    }

    private Response checkIn(Agent device) {
        return device(device.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in");
    }

    @Test
    void insideItsWindowADeviceIsOfferedTheSignedReleaseOnceAndAgainUntilItFinishes() {
        Agent device = enrolled();
        stage.maintenanceWindow(now.minus(Duration.ofMinutes(1)), Duration.ofHours(1));

        Response first = checkIn(device);
        first.then().statusCode(200)
                .body("decision", equalTo("install"))
                .body("release.product", equalTo(product))
                .body("release.version", equalTo(version))
                .body("release.signature", notNullValue())
                .body("release.artifacts[0].sha256", equalTo(DeviceApi.sha256(CONTENT)))
                .header("ETag", notNullValue());
        assertThat(first.path("release.manifest").toString()).contains("\"version\":\"" + version + "\"");
        int actionId = first.path("release.actionId");

        // Asked again (a retry, another replica): the same action, and it is counted as offered only once.
        checkIn(device).then().statusCode(200).body("release.actionId", equalTo(actionId));
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'offered' AND rollout_id = ?",
                device.id(), rollout)).isEqualTo(1);
    }

    @Test
    void beforeItsWindowADeviceIsToldToComeBackWhenItOpens() {
        Agent device = enrolled();
        // Within the recheck interval (15 minutes), so the window's opening is the next reason to come back.
        Instant opens = now.plus(Duration.ofMinutes(10));
        stage.maintenanceWindow(opens, Duration.ofHours(2));

        Response answer = checkIn(device);
        answer.then().statusCode(200).body("decision", equalTo("wait")).body("reason", equalTo("before-window"));
        Instant retryAt = Instant.parse(answer.path("retryAt"));
        assertThat(retryAt).isAfterOrEqualTo(opens.minusSeconds(1)).isBefore(opens.plus(Duration.ofMinutes(2)));
        assertThat(Long.parseLong(answer.header("Retry-After"))).isGreaterThan(60);
        assertThat(Db.count("SELECT count(*) FROM device_actions WHERE device_id = ?", device.id())).isZero();

        // The clock reaches the window, before the device's jittered retryAt: offered, whether it sends the tag of
        // its wait or none (the wait held until the window opens, not until the later time it was told).
        TimeMachine.advance(Duration.ofMinutes(10));
        assertThat(retryAt).isAfter(TimeMachine.now());
        device(device.token()).header("If-None-Match", answer.header("ETag")).body(Map.of("installed", Map.of(product, "1.0.0")))
                .post("/api/device/v1/check-in").then().statusCode(200).body("decision", equalTo("install"));
        checkIn(device).then().statusCode(200).body("decision", equalTo("install"));
    }

    @Test
    void anUnchangedDecisionIsRevalidatedWith304AndAChangedWindowGivesANewOne() {
        Agent device = enrolled();
        stage.maintenanceWindow(now.plus(Duration.ofMinutes(30)), Duration.ofHours(2));
        String etag = checkIn(device).then().statusCode(200).body("decision", equalTo("wait")).extract().header("ETag");

        device(device.token()).header("If-None-Match", etag).body(Map.of("installed", Map.of(product, "1.0.0")))
                .post("/api/device/v1/check-in")
                .then().statusCode(304).header("ETag", equalTo(etag)).header("Retry-After", notNullValue());

        // The windows move (the tenant edits its policy, maybe on another replica): the cache hears it from PostgreSQL.
        stage.maintenanceWindow(now.minus(Duration.ofMinutes(1)), Duration.ofHours(2));
        Response changed = eventually(() -> device(device.token()).header("If-None-Match", etag)
                .body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in"), response -> response.statusCode() == 200);
        changed.then().body("decision", equalTo("install"));
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
    }

    /**
     * A revalidation whose tag holds is answered on the I/O thread (counted), with the endpoint's own headers;
     * whatever the route does not take plainly, the endpoint answers as before: bad input gets its usual
     * problem, content negotiation it cannot settle at a glance gets the same 304 from the endpoint.
     */
    @Test
    void aRevalidationIsAnsweredFromMemoryOnlyWhenTheEndpointWouldSayTheSame() {
        Agent device = enrolled();
        stage.maintenanceWindow(now.plus(Duration.ofMinutes(30)), Duration.ofHours(2));
        Response first = checkIn(device);
        first.then().statusCode(200).body("decision", equalTo("wait")).header("Cache-Control", equalTo("private, no-cache"));
        String etag = first.header("ETag");
        Map<String, Object> body = Map.of("installed", Map.of(product, "1.0.0"));

        double before = revalidationsOnIoThread();
        Response fromMemory = device(device.token()).header("If-None-Match", etag).body(body).post("/api/device/v1/check-in");
        fromMemory.then().statusCode(304).header("ETag", equalTo(etag)).header("Cache-Control", equalTo("private, no-cache"));
        assertThat(Long.parseLong(fromMemory.header("Retry-After"))).isBetween(1L, Long.parseLong(first.header("Retry-After")));
        assertThat(revalidationsOnIoThread()).isEqualTo(before + 1);

        // Content negotiation the route leaves alone: the endpoint gives the same answer, not counted.
        Response fromEndpoint = device(device.token()).header("If-None-Match", etag).accept("application/json;q=0.9, */*;q=0.1")
                .body(body).post("/api/device/v1/check-in");
        fromEndpoint.then().statusCode(304).header("ETag", equalTo(etag)).header("Cache-Control", equalTo("private, no-cache"));
        assertThat(fromEndpoint.header("Retry-After")).isNotNull();

        // A tag that holds does not let bad input through: each gets the endpoint's problem.
        device(device.token()).header("If-None-Match", etag).contentType(ContentType.TEXT).body("{}")
                .post("/api/device/v1/check-in").then().statusCode(415).contentType("application/problem+json");
        device(device.token()).header("If-None-Match", etag).body("{\"installed\": {").post("/api/device/v1/check-in")
                .then().statusCode(400).contentType("application/problem+json");
        device(device.token()).header("If-None-Match", etag).body(Map.of("installed", Map.of(product, "1.0")))
                .post("/api/device/v1/check-in").then().statusCode(422).body("errors[0].field", equalTo("installed." + product));
        device(device.token()).header("If-None-Match", etag).accept("text/html").body(body)
                .post("/api/device/v1/check-in").then().statusCode(406);
        device("not-" + device.token()).header("If-None-Match", etag).body(body)
                .post("/api/device/v1/check-in").then().statusCode(401).contentType("application/problem+json");
        given().header("If-None-Match", etag).contentType(ContentType.JSON).body(body)
                .post("/api/device/v1/check-in").then().statusCode(401);
        // Another version reported: decided afresh (and recorded), not revalidated from the old entry.
        device(device.token()).header("If-None-Match", etag).body(Map.of("installed", Map.of(product, "1.0.1")))
                .post("/api/device/v1/check-in").then().statusCode(304);
        assertThat(Db.count("SELECT count(*) FROM device_installed_versions i JOIN products p ON p.id = i.product_id "
                + "WHERE i.device_id = ? AND p.key = ? AND i.version = '1.0.1'", device.id(), product)).isEqualTo(1);
        assertThat(revalidationsOnIoThread()).isEqualTo(before + 1);
    }

    private double revalidationsOnIoThread() {
        return registry.counter("ringmaster.device.revalidations.io.thread").count();
    }

    /**
     * A device that lost its tag (restarted, or an agent that keeps none) is told the held answer itself, from
     * memory on the I/O thread (counted), in the very form the endpoint gives it: same body, tag and headers. What
     * the route leaves alone, the endpoint answers from the same held decision.
     */
    @Test
    void aCheckInWithoutItsTagIsToldTheHeldAnswerAsTheEndpointWouldTellIt() {
        Agent device = enrolled();
        stage.maintenanceWindow(now.plus(Duration.ofMinutes(30)), Duration.ofHours(2));
        Response decided = checkIn(device);
        decided.then().statusCode(200).body("decision", equalTo("wait"));

        double before = registry.counter("ringmaster.device.answers.io.thread").count();
        Response fromMemory = checkIn(device);
        assertThat(registry.counter("ringmaster.device.answers.io.thread").count()).isEqualTo(before + 1);
        Response fromEndpoint = device(device.token()).accept("application/json;q=0.9, */*;q=0.1")
                .body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in");
        assertThat(registry.counter("ringmaster.device.answers.io.thread").count()).isEqualTo(before + 1);
        for (Response answer : List.of(fromMemory, fromEndpoint)) {
            answer.then().statusCode(200).header("Cache-Control", equalTo("private, no-cache"))
                    .header("ETag", equalTo(decided.header("ETag")));
            assertThat(answer.contentType()).isEqualTo(decided.contentType());
            assertThat(answer.body().asString()).isEqualTo(decided.body().asString());
            assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, Long.parseLong(decided.header("Retry-After")));
        }

        // A new attribute is stored by the endpoint, not answered from memory.
        device(device.token()).body(Map.of("installed", Map.of(product, "1.0.0"), "attributes", Map.of("osBuild", "21.3")))
                .post("/api/device/v1/check-in").then().statusCode(200).body("decision", equalTo("wait"));
        assertThat(registry.counter("ringmaster.device.answers.io.thread").count()).isEqualTo(before + 1);
    }

    @Test
    void aPausedTenantAClosedRingAndAPausedRolloutOfferNothing() {
        RolloutStage twoRings = RolloutStage.open("rings", 2);
        Agent device = null;
        for (int i = 0; device == null && i < 40; i++) {
            Agent candidate = twoRings.enroll("ring-" + i);
            if (twoRings.ring(candidate) == 1) {
                device = candidate;
            }
        }
        assertThat(device).as("a device in ring 1 (90 % of buckets)").isNotNull();
        Agent inRing1 = device;
        Map<String, Object> body = Map.of("installed", Map.of(twoRings.product(), "1.0.0"));
        device(inRing1.token()).body(body).post("/api/device/v1/check-in")
                .then().statusCode(200).body("decision", equalTo("wait")).body("reason", equalTo("ring-not-open"));

        VendorApi.act(twoRings.rollout(), "promote", "ring 1 early for the test");
        TimeMachine.tick();
        twoRings.tenant().api().post("/api/v1/policies/" + twoRings.product() + "/pause").then().statusCode(200);
        eventually(() -> device(inRing1.token()).body(body).post("/api/device/v1/check-in"),
                response -> "tenant-paused".equals(response.path("reason")));

        twoRings.tenant().api().post("/api/v1/policies/" + twoRings.product() + "/resume").then().statusCode(200);
        VendorApi.act(twoRings.rollout(), "pause", "looking at something");
        eventually(() -> device(inRing1.token()).body(body).post("/api/device/v1/check-in"),
                response -> "rollout-not-running".equals(response.path("reason")));
        assertThat(Db.count("SELECT count(*) FROM device_actions WHERE device_id = ?", inRing1.id())).isZero();

        VendorApi.act(twoRings.rollout(), "resume", "all good");
        eventually(() -> device(inRing1.token()).body(body).post("/api/device/v1/check-in"),
                response -> "install".equals(response.path("decision")));
    }

    @Test
    void theTenantsConcurrencyCapHoldsAtOfferTimeAndFreesWhenAnInstallFinishes() {
        Agent first = enrolled();
        Agent second = enrolled();
        // Two devices, half of them at once: room for exactly one.
        stage.policy(Map.of("mode", "automatic", "deferral", "PT0S", "maxConcurrent", 0.5));

        int action = checkIn(first).then().statusCode(200).body("decision", equalTo("install")).extract().path("release.actionId");
        checkIn(second).then().statusCode(200).body("decision", equalTo("wait")).body("reason", equalTo("concurrency-cap"));

        device(first.token()).body(Map.of("eventId", "cap-done", "actionId", action, "kind", "succeeded"))
                .post("/api/device/v1/events").then().statusCode(201);
        checkIn(second).then().statusCode(200).body("decision", equalTo("install"));
    }

    @Test
    void aDeviceNeverSeesAnotherDevicesDecision() {
        Agent offered = enrolled();
        // Another tenant's device on the same product, with the default 24 hours of deferral: nothing yet.
        TestTenant otherTenant = TestTenant.create("other");
        Agent other = Agent.enroll(Api.enrollmentKey(otherTenant.admin(), 1), "iso-" + version,
                null, product, "1.0.0");
        Api.awaitEnrolledWindows();
        int action = checkIn(offered).then().statusCode(200).body("decision", equalTo("install")).extract().path("release.actionId");

        // Its own answer (whatever its own window says), never the offer made to the other device.
        checkIn(other).then().statusCode(200).body("decision", equalTo("wait")).body("release", nullValue());
        device(other.token()).body(Map.of("eventId", "steal-1", "actionId", action, "kind", "failed"))
                .post("/api/device/v1/events").then().statusCode(404).contentType("application/problem+json");
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'failed'", rollout)).isZero();
    }

    /**
     * Check-ins that arrive together are read from the database together (tests allow one read at a time, so
     * most of these share a statement): each device must still get the answer its own windows give. Half the
     * devices live an hour east of UTC, so the same daily window (UTC wall time in their own zone) is open for
     * them and opens in ten minutes for the others.
     */
    @Test
    void devicesCheckingInTogetherAreEachToldWhatTheirOwnWindowsSay() throws Exception {
        List<Agent> devices = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            devices.add(stage.enroll("together-" + i, i % 2 == 0 ? "Etc/GMT-1" : "Etc/UTC"));
        }
        java.time.LocalTime opens = now.plus(Duration.ofMinutes(10)).atOffset(java.time.ZoneOffset.UTC).toLocalTime();
        stage.policy(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows", List.of(Map.of(
                "days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
                "start", opens.toString(), "duration", "PT2H"))));

        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Agent device : devices) {
                    answers.add(clients.submit(() -> checkIn(device)));
                }
            }
            Map<UUID, Integer> actions = new HashMap<>();
            for (int n = 0; n < answers.size(); n++) {
                int i = n % devices.size();
                Response answer = answers.get(n).get(30, TimeUnit.SECONDS);
                answer.then().statusCode(200);
                if (i % 2 == 0) {
                    assertThat(answer.<String>path("decision")).isEqualTo("install");
                    Integer action = answer.path("release.actionId");
                    assertThat(actions.computeIfAbsent(devices.get(i).id(), id -> action)).isEqualTo(action);
                } else {
                    assertThat(answer.<String>path("decision")).isEqualTo("wait");
                    assertThat(answer.<String>path("reason")).isEqualTo("before-window");
                    assertThat(answer.<Object>path("release")).isNull();
                }
            }
            assertThat(new HashSet<>(actions.values())).hasSize(6);
            for (Agent device : devices) {
                assertThat(Db.count("SELECT count(*) FROM device_actions WHERE device_id = ?", device.id()))
                        .isEqualTo(devices.indexOf(device) % 2 == 0 ? 1 : 0);
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
