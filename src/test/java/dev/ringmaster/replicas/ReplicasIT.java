package dev.ringmaster.replicas;

import dev.ringmaster.release.ManifestSigner;
import dev.ringmaster.replicas.RealmApi.Tenant;
import dev.ringmaster.support.Eventually;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.lessThan;

/**
 * Two instances of the packaged service against one PostgreSQL server and one Keycloak, as behind a load balancer:
 * what is changed through one is what devices polling the other get, the scheduled reconciler of both moves each
 * ring once, both sign with the one published key, and a console sign-in started on one finishes on the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ReplicaStack.Shared.class)
class ReplicasIT {

    /** How soon a change made on one replica must reach devices polling the other. */
    private static final long WITHIN_MILLIS = 1_000;
    private static final int FLEET = 24;
    private static final String ADMIN = RealmApi.ADMIN;
    private static final String MANAGER = RealmApi.MANAGER;
    private static final String PASSWORD = RealmApi.PASSWORD;

    private SharedPostgres database;
    private RealmApi api;
    private ServiceReplica a;
    private ServiceReplica b;

    @BeforeAll
    void start(ReplicaStack stack) throws Exception {
        api = stack.api();
        database = SharedPostgres.create();
        Map<String, String> env = stack.configuration(database, "replicas");
        a = ServiceReplica.start("a", env);
        b = ServiceReplica.start("b", env);
        // Both migrate the empty database at once, as replicas of one Deployment do.
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {b, a, database}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // keep stopping the rest
                }
            }
        }
    }

    @Test
    void changesMadeOnOneReachDevicesPollingTheOtherWithinASecond() {
        String product = product(List.of(ring("all", "1", "PT1H")));
        Tenant tenant = tenant("rep");
        tenant.on(a).body(Map.of("mode", "automatic", "deferral", "PT0S")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        String key = tenant.enrollmentKey(a, 3);
        Device native1 = Device.enroll(a, key, "native-1", product, "1.0.0");
        Device native2 = Device.enroll(a, key, "native-2", product, "1.0.0");
        Device ddi = Device.enroll(a, key, "ddi-1", product, "1.0.0");
        publish(product, "2.0.0");
        UUID rollout = rollout(product, "2.0.0", "standard");
        act(rollout, "start");

        within(30_000, "devices polling B are offered the started rollout", () -> "2.0.0".equals(native1.offered(b))
                && "2.0.0".equals(native2.offered(b)) && ddi.ddiOffered(b, tenant.id()));

        // A DDI poll decides from memory whether to ask for the device's attributes: what A stores must reach B.
        within(WITHIN_MILLIS, "a device polling B is asked for its attributes on first contact",
                () -> ddi.askedForAttributes(b, tenant.id()));
        ddi.sendsAttributes(a, tenant.id());
        within(WITHIN_MILLIS, "attributes sent to A stop B asking for them", () -> !ddi.askedForAttributes(b, tenant.id()));
        tenant.on(a).post("/api/v1/devices/" + ddi.id() + "/attributes-request").then().statusCode(204);
        within(WITHIN_MILLIS, "an operator's request on A makes B ask again", () -> ddi.askedForAttributes(b, tenant.id()));

        tenant.on(a).post("/api/v1/policies/" + product + "/pause").then().statusCode(200);
        within(WITHIN_MILLIS, "a pause on A holds back a device polling B", () -> native1.offered(b) == null);
        tenant.on(a).post("/api/v1/policies/" + product + "/resume").then().statusCode(200);
        within(WITHIN_MILLIS, "a resume on A frees a device polling B", () -> "2.0.0".equals(native1.offered(b)));

        tenant.on(a).body(Map.of("mode", "automatic", "deferral", "P30D")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        within(WITHIN_MILLIS, "a policy edit on A (30 days' deferral) holds back a device polling B",
                () -> native1.offered(b) == null);
        tenant.on(a).body(Map.of("mode", "automatic", "deferral", "PT0S")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        within(WITHIN_MILLIS, "the policy edit back on A frees the device polling B", () -> "2.0.0".equals(native1.offered(b)));

        tenant.on(a).post("/api/v1/devices/" + native2.id() + "/retire").then().statusCode(200);
        within(WITHIN_MILLIS, "a device retired on A is refused by B", () -> native2.checkInStatus(b) == 401);

        act(rollout, "emergency-stop");
        within(WITHIN_MILLIS, "a halt on A stops the offer to devices polling B over the native API and DDI",
                () -> native1.offered(b) == null && !ddi.ddiOffered(b, tenant.id()));
    }

    @Test
    void eachRingTransitionHappensOnceWhileBothReconcile() {
        // A failure threshold of 90 % lets one confirmed success pass a ring (a Wilson bound needs ~16 at 20 %).
        String product = product(List.of(ring("canary", "0.3", "PT0S", 0.9), ring("early", "0.6", "PT0S", 0.9),
                ring("broad", "1", "PT0S", 0.9)));
        Tenant tenant = tenant("rings");
        tenant.on(a).body(Map.of("mode", "automatic", "deferral", "PT0S")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        // Rings take devices by their random buckets (30 %, 30 %, 40 %), and a ring without devices never passes its
        // gate of one finished device: the canary or the early ring is empty with a chance of 2 × 0.7^n, one run in
        // about 36 with 12 devices (a fresh-clone run timed out so), one in about 2,600 with 24.
        String key = tenant.enrollmentKey(a, FLEET);
        List<Device> fleet = new ArrayList<>();
        for (int i = 0; i < FLEET; i++) {
            fleet.add(Device.enroll(i % 2 == 0 ? a : b, key, "ring-device-" + i, product, "1.0.0"));
        }
        publish(product, "3.0.0");
        UUID rollout = rollout(product, "3.0.0", "standard");
        act(rollout, "start");

        // The fleet installs what it is offered, half of it through each replica, while both reconcile every second.
        try {
            // Each round is the whole fleet checking in and the rollout read: asked every 250 ms, not back to back.
            // Five minutes' patience: in the whole suite on a slower machine the walk took 103 s of the two it had.
            within(300_000, Duration.ofMillis(250), "the reconcilers take the rollout through its rings", () -> {
                for (int i = 0; i < fleet.size(); i++) {
                    fleet.get(i).installWhatIsOffered(i % 2 == 0 ? a : b);
                }
                return "completed".equals(as(MANAGER, a).get("/api/v1/rollouts/" + rollout).then().statusCode(200)
                        .extract().path("state"));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the rollout: "
                    + as(MANAGER, a).get("/api/v1/rollouts/" + rollout).then().extract().asString(), e);
        }
        // Let both reconcile a few more times: nothing may move twice afterwards either.
        Eventually.pause(3_000);

        List<Map<String, Object>> entries = as(ADMIN, b).queryParam("limit", 1000).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.targetId == '" + rollout + "' }");
        List<String> transitions = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            if (!"rollout.create".equals(entry.get("action"))) {
                transitions.add(entry.get("action") + " ring " + ((Map<?, ?>) entry.get("after")).get("ring"));
            }
        }
        assertThat(transitions).as("each transition in the audit log, once").containsExactlyInAnyOrder(
                "rollout.start ring 0", "rollout.ring-opened ring 0", "rollout.ring-passed ring 0",
                "rollout.ring-opened ring 1", "rollout.ring-passed ring 1",
                "rollout.ring-opened ring 2", "rollout.ring-passed ring 2", "rollout.complete ring 2");
    }

    @Test
    void manifestsSignedOnEitherVerifyWithTheOnePublishedKey() {
        String product = product(List.of(ring("all", "1", "PT1H")));
        publish(product, "4.0.0");
        String path = "/api/v1/products/" + product + "/releases/4.0.0/manifest";
        JsonPath fromA = as(MANAGER, a).get(path).then().statusCode(200).extract().jsonPath();
        JsonPath fromB = as(MANAGER, b).get(path).then().statusCode(200).extract().jsonPath();
        String keyOfA = given().baseUri(a.url()).get("/api/v1/signing-key").then().statusCode(200).extract().path("publicKey");
        String keyOfB = given().baseUri(b.url()).get("/api/v1/signing-key").then().statusCode(200).extract().path("publicKey");

        assertThat(keyOfB).as("one published key").isEqualTo(keyOfA);
        for (JsonPath signed : List.of(fromA, fromB)) {
            assertThat(ManifestSigner.verify(keyOfA, signed.getString("manifest").getBytes(StandardCharsets.UTF_8),
                    signed.getString("signature"))).isTrue();
        }
    }

    @Test
    void aConsoleSignInStartedOnOneFinishesOnTheOther() throws Exception {
        ConsoleSignIn signIn = new ConsoleSignIn(a, b);
        String page = signIn.signIn(ADMIN, PASSWORD);
        assertThat(page).as("the console page B serves after the sign-in began on A").contains("/console/logout")
                .doesNotContain("kc-form-login");
    }

    // --- the vendor's and the tenant's side, through the API of replica A unless named ---

    private static Map<String, Object> ring(String name, String share, String minSoak) {
        return ring(name, share, minSoak, 0.2);
    }

    private static Map<String, Object> ring(String name, String share, String minSoak, double maxFailureRate) {
        return RealmApi.ring(name, share, minSoak, maxFailureRate);
    }

    private String product(List<Map<String, Object>> rings) {
        return api.product(a, rings);
    }

    private void publish(String product, String version) {
        api.publish(a, product, version);
    }

    private UUID rollout(String product, String version, String plan) {
        return api.rollout(a, product, version, plan);
    }

    private void act(UUID rollout, String action) {
        api.act(a, rollout, action);
    }

    private RequestSpecification as(String username, ServiceReplica replica) {
        return api.as(username, replica);
    }

    private Tenant tenant(String prefix) {
        return api.tenant(a, prefix);
    }

    /** A device with its token, checking in on whichever replica it is sent to. */
    private static final class Device {

        private static final AtomicInteger EVENTS = new AtomicInteger();

        private final String externalId;
        private final String id;
        private final String token;
        private final String product;
        private String version;

        private Device(String externalId, String id, String token, String product, String version) {
            this.externalId = externalId;
            this.id = id;
            this.token = token;
            this.product = product;
            this.version = version;
        }

        static Device enroll(ServiceReplica replica, String key, String externalId, String product, String version) {
            JsonPath enrolled = given().baseUri(replica.url()).contentType(ContentType.JSON)
                    .body(Map.of("enrollmentKey", key, "deviceId", externalId, "installed", Map.of(product, version)))
                    .post("/api/device/v1/enroll").then().statusCode(201).extract().jsonPath();
            return new Device(externalId, enrolled.getString("id"), enrolled.getString("token"), product, version);
        }

        String id() {
            return id;
        }

        /** Checks in; when offered a release, installs it, reports success and checks in running it. */
        void installWhatIsOffered(ServiceReplica replica) {
            JsonPath answer = checkIn(replica);
            if (!"install".equals(answer.getString("decision"))) {
                return;
            }
            long action = answer.getLong("release.actionId");
            for (String kind : List.of("downloading", "installing", "succeeded")) {
                request(replica).body(Map.of("eventId", externalId + "-" + EVENTS.incrementAndGet(), "actionId", action,
                        "kind", kind)).post("/api/device/v1/events").then().statusCode(lessThan(300));
            }
            version = answer.getString("release.version");
            checkIn(replica);
        }

        private JsonPath checkIn(ServiceReplica replica) {
            return request(replica).body(Map.of("installed", Map.of(product, version))).post("/api/device/v1/check-in")
                    .then().statusCode(200).extract().jsonPath();
        }

        private RequestSpecification request(ServiceReplica replica) {
            return given().baseUri(replica.url()).header("Authorization", "TargetToken " + token)
                    .contentType(ContentType.JSON);
        }

        int checkInStatus(ServiceReplica replica) {
            return request(replica).body(Map.of("installed", Map.of(product, version))).post("/api/device/v1/check-in")
                    .then().extract().statusCode();
        }

        /** The version a native check-in on the replica offers, or null when it says anything else. */
        String offered(ServiceReplica replica) {
            JsonPath answer = checkIn(replica);
            return "install".equals(answer.getString("decision")) ? answer.getString("release.version") : null;
        }

        /** Whether a DDI poll on the replica links configData: the service wants the device's attributes. */
        boolean askedForAttributes(ServiceReplica replica, String tenant) {
            return request(replica).get("/" + tenant + "/controller/v1/" + externalId).then().statusCode(200)
                    .extract().path("_links.configData") != null;
        }

        /** Sends its attributes over DDI (hawkBit configData). */
        void sendsAttributes(ServiceReplica replica, String tenant) {
            request(replica).body(Map.of("mode", "merge", "data", Map.of("hwRevision", "B2")))
                    .put("/" + tenant + "/controller/v1/" + externalId + "/configData").then().statusCode(200);
        }

        /** Whether a DDI poll on the replica links a deployment. */
        boolean ddiOffered(ServiceReplica replica, String tenant) {
            return request(replica).get("/" + tenant + "/controller/v1/" + externalId).then().statusCode(200)
                    .extract().path("_links.deploymentBase") != null;
        }
    }

    /** Until the condition holds, within {@code millis} ms; prints how long it took, as the figure a run leaves. */
    private static void within(long millis, String what, BooleanSupplier condition) {
        within(millis, Eventually.OFTEN, what, condition);
    }

    /** As {@link #within(long, String, BooleanSupplier)}, asked every {@code every}. */
    private static void within(long millis, Duration every, String what, BooleanSupplier condition) {
        Duration took = Eventually.within(Duration.ofMillis(millis), every, what, condition, () -> "");
        System.out.println("ReplicasIT: " + what + " after " + took.toMillis() + " ms");
    }

}
