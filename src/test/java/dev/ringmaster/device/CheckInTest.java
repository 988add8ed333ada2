package dev.ringmaster.device;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.WindowFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

/** The native check-in against real PostgreSQL: the offer rules, the offered event, the ETag cache. */
@QuarkusTest
class CheckInTest {

    private static final byte[] CONTENT = "agent build 2.0.0".getBytes(StandardCharsets.UTF_8);

    @Inject
    MeterRegistry registry;

    String product;
    String version;
    UUID release;
    UUID rollout;

    @BeforeEach
    void release() {
        product = DeviceApi.product();
        version = DeviceApi.nextVersion();
        release = DeviceApi.release(product, version, "agent.bin", CONTENT, "https://downloads.example.com/agent.bin");
        rollout = WindowFixture.rollout(release, "running", 2);
        WindowFixture.ring(rollout, 0, "open");
    }

    private DeviceApi.Enrolled enrolled(String admin, String tenant) {
        return DeviceApi.enroll(admin, tenant, tenant + "-ci-" + version, product, "1.0.0");
    }

    private Response checkIn(DeviceApi.Enrolled device) {
        return device(device.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in");
    }

    @Test
    void insideItsWindowADeviceIsOfferedTheSignedReleaseOnceAndAgainUntilItFinishes() {
        DeviceApi.Enrolled device = enrolled("acme-admin", "acme");
        WindowFixture.window("acme", device.id(), release, rollout, 0, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));

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
        assertThat(WindowFixture.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'offered' AND rollout_id = ?",
                device.id(), rollout)).isEqualTo(1);
    }

    @Test
    void beforeItsWindowADeviceIsToldToComeBackWhenItOpens() {
        DeviceApi.Enrolled device = enrolled("acme-admin", "acme");
        // Within the recheck interval (15 minutes), so the window's opening is the next reason to come back.
        Instant opens = Instant.now().plus(Duration.ofMinutes(10));
        WindowFixture.window("acme", device.id(), release, rollout, 0, opens, opens.plus(Duration.ofHours(2)));

        Response answer = checkIn(device);
        answer.then().statusCode(200).body("decision", equalTo("wait")).body("reason", equalTo("before-window"));
        Instant retryAt = Instant.parse(answer.path("retryAt"));
        assertThat(retryAt).isAfterOrEqualTo(opens.minusSeconds(1)).isBefore(opens.plus(Duration.ofMinutes(2)));
        assertThat(Long.parseLong(answer.header("Retry-After"))).isGreaterThan(60);
        assertThat(WindowFixture.count("SELECT count(*) FROM device_actions WHERE device_id = ?", device.id())).isZero();
    }

    @Test
    void anUnchangedDecisionIsRevalidatedWith304AndAChangedWindowGivesANewOne() {
        DeviceApi.Enrolled device = enrolled("globex-admin", "globex");
        Instant opens = Instant.now().plus(Duration.ofMinutes(30));
        WindowFixture.window("globex", device.id(), release, rollout, 0, opens, null);
        String etag = checkIn(device).then().statusCode(200).body("decision", equalTo("wait")).extract().header("ETag");

        device(device.token()).header("If-None-Match", etag).body(Map.of("installed", Map.of(product, "1.0.0")))
                .post("/api/device/v1/check-in")
                .then().statusCode(304).header("ETag", equalTo(etag)).header("Retry-After", notNullValue());

        // The windows move (written by another part, maybe another replica): the cache hears it from PostgreSQL.
        WindowFixture.window("globex", device.id(), release, rollout, 0, Instant.now().minusSeconds(5), null);
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
        DeviceApi.Enrolled device = enrolled("globex-admin", "globex");
        WindowFixture.window("globex", device.id(), release, rollout, 0, Instant.now().plus(Duration.ofMinutes(30)), null);
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
        assertThat(WindowFixture.count("SELECT count(*) FROM device_installed_versions i JOIN products p ON p.id = i.product_id "
                + "WHERE i.device_id = ? AND p.key = ? AND i.version = '1.0.1'", device.id(), product)).isEqualTo(1);
        assertThat(revalidationsOnIoThread()).isEqualTo(before + 1);
    }

    private double revalidationsOnIoThread() {
        return registry.counter("ringmaster.device.revalidations.io.thread").count();
    }

    @Test
    void aPausedTenantAClosedRingAndAPausedRolloutOfferNothing() {
        DeviceApi.Enrolled device = enrolled("initech-admin", "initech");
        WindowFixture.window("initech", device.id(), release, rollout, 1, Instant.now().minusSeconds(60), null);
        checkIn(device).then().statusCode(200).body("decision", equalTo("wait")).body("reason", equalTo("ring-not-open"));

        WindowFixture.ring(rollout, 1, "open");
        Api.as("initech-admin").post("/api/v1/policies/" + product + "/pause").then().statusCode(200);
        WindowFixture.window("initech", device.id(), release, rollout, 1, Instant.now().minusSeconds(60), null);
        eventually(() -> checkIn(device), response -> "tenant-paused".equals(response.path("reason")));

        Api.as("initech-admin").post("/api/v1/policies/" + product + "/resume").then().statusCode(200);
        WindowFixture.window("initech", device.id(), release, rollout, 1, Instant.now().minusSeconds(60), null);
        WindowFixture.rolloutState(rollout, "paused");
        eventually(() -> checkIn(device), response -> "rollout-not-running".equals(response.path("reason")));
        assertThat(WindowFixture.count("SELECT count(*) FROM device_actions WHERE device_id = ?", device.id())).isZero();

        WindowFixture.rolloutState(rollout, "running");
        eventually(() -> checkIn(device), response -> "install".equals(response.path("decision")));
    }

    @Test
    void theTenantsConcurrencyCapHoldsAtOfferTimeAndFreesWhenAnInstallFinishes() {
        DeviceApi.Enrolled first = DeviceApi.enroll("globex-admin", "globex", "globex-cap-a-" + version, product, "1.0.0");
        DeviceApi.Enrolled second = DeviceApi.enroll("globex-admin", "globex", "globex-cap-b-" + version, product, "1.0.0");
        for (DeviceApi.Enrolled device : new DeviceApi.Enrolled[]{first, second}) {
            WindowFixture.window("globex", device.id(), release, rollout, 0, Instant.now().minusSeconds(60), null);
        }
        long devices = WindowFixture.count("SELECT count(*) FROM devices WHERE tenant_id = 'globex' AND status = 'active'");
        long installing = WindowFixture.count("SELECT count(*) FROM device_actions a JOIN releases r ON r.id = a.release_id "
                + "JOIN products p ON p.id = r.product_id WHERE a.tenant_id = 'globex' AND a.open AND p.key = ?", product);
        // A share that leaves room for exactly one more device of the tenant (earlier tests may have installs open).
        double share = Math.ceil((installing + 1.5) / devices * 10_000) / 10_000;
        Api.as("globex-admin").body(Map.of("mode", "automatic", "maxConcurrent", share)).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        for (DeviceApi.Enrolled device : new DeviceApi.Enrolled[]{first, second}) {
            WindowFixture.window("globex", device.id(), release, rollout, 0, Instant.now().minusSeconds(60), null);
        }

        try {
            int action = eventually(() -> checkIn(first), response -> "install".equals(response.path("decision"))).path("release.actionId");
            eventually(() -> checkIn(second), response -> "concurrency-cap".equals(response.path("reason")));

            device(first.token()).body(Map.of("eventId", "cap-done", "actionId", action, "kind", "succeeded"))
                    .post("/api/device/v1/events").then().statusCode(201);
            checkIn(second).then().statusCode(200).body("decision", equalTo("install"));
        } finally {
            // The product is shared by the device tests: leave globex without a cap for the others.
            Api.as("globex-admin").body(Map.of("mode", "automatic", "maxConcurrent", 1)).put("/api/v1/policies/" + product)
                    .then().statusCode(200);
        }
    }

    @Test
    void aDeviceNeverSeesAnotherDevicesDecision() {
        DeviceApi.Enrolled offered = enrolled("acme-admin", "acme");
        DeviceApi.Enrolled other = DeviceApi.enroll("globex-admin", "globex", "globex-iso-" + version, product, "1.0.0");
        WindowFixture.window("acme", offered.id(), release, rollout, 0, Instant.now().minusSeconds(60), null);
        int action = checkIn(offered).then().statusCode(200).body("decision", equalTo("install")).extract().path("release.actionId");

        // Its own answer (whatever its own window says), never the offer made to the other device.
        checkIn(other).then().statusCode(200).body("decision", equalTo("wait")).body("release", nullValue());
        device(other.token()).body(Map.of("eventId", "steal-1", "actionId", action, "kind", "failed"))
                .post("/api/device/v1/events").then().statusCode(404).contentType("application/problem+json");
        assertThat(WindowFixture.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'failed'", rollout)).isZero();
    }

    /**
     * Check-ins that arrive together are read from the database together (tests allow one read at a time, so
     * most of these share a statement): each device must still get the answer its own windows give.
     */
    @Test
    void devicesCheckingInTogetherAreEachToldWhatTheirOwnWindowsSay() throws Exception {
        List<DeviceApi.Enrolled> devices = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            devices.add(DeviceApi.enroll("acme-admin", "acme", "acme-together-" + i + "-" + version, product, "1.0.0"));
        }
        Instant opens = Instant.now().plus(Duration.ofMinutes(10));
        for (int i = 0; i < devices.size(); i++) {
            // Every other device inside its window, the rest before it.
            Instant start = i % 2 == 0 ? Instant.now().minusSeconds(60) : opens;
            WindowFixture.window("acme", devices.get(i).id(), release, rollout, 0, start, null);
        }

        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (DeviceApi.Enrolled device : devices) {
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
            for (DeviceApi.Enrolled device : devices) {
                assertThat(WindowFixture.count("SELECT count(*) FROM device_actions WHERE device_id = ?", device.id()))
                        .isEqualTo(devices.indexOf(device) % 2 == 0 ? 1 : 0);
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
