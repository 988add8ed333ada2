package dev.ringmaster.device;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Device attributes arrive by enrollment, native check-in and DDI configData; they are stored, and audited, only
 * when they change; bad ones are refused with problem+json and change nothing; the tenant API filters by them
 * within its own tenant only.
 */
@QuarkusTest
class DeviceAttributesTest {

    private static final Map<String, String> LAB_BOARD = Map.of("model", "rm-200", "osBuild", "22631.3", "region", "eu-west",
            "agentVersion", "7.1.0", "rack", "r12");

    private static TestTenant tenant;
    private static TestTenant other;
    private static String product;
    private static String key;

    /** Once per class, when the service is up (it is not yet in a static {@code @BeforeAll}). */
    @BeforeEach
    void tenants() {
        if (tenant != null) {
            return;
        }
        tenant = TestTenant.create("attrs");
        other = TestTenant.create("attrs-other");
        product = VendorApi.product("attrs");
        key = Api.enrollmentKey(tenant.admin(), 20);
    }

    @Test
    void enrollmentStoresTheAttributesAndTheApiShowsThemWellKnownFirst() {
        Agent agent = Agent.enroll(key, "enrolled-with", null, product, "1.0.0", LAB_BOARD);

        JsonPath detail = detail(tenant, agent);
        assertThat(detail.getMap("attributes")).isEqualTo(LAB_BOARD);
        assertThat(detail.getMap("attributes").keySet()).containsExactly("model", "osBuild", "region", "agentVersion", "rack");
        // Told once, by the enrollment's own record; no separate change.
        assertThat(changes(agent)).isZero();
    }

    @Test
    void aCheckInStoresItsAttributesOncePerChangeAndRepeatingThemWritesNothing() {
        Agent agent = Agent.enroll(key, "checks-in", null, product, "1.0.0");
        agent.checkIn(LAB_BOARD);
        assertThat(detail(tenant, agent).getMap("attributes")).isEqualTo(LAB_BOARD);
        assertThat(changes(agent)).isEqualTo(1);
        Object updatedAt = updatedAt(agent);

        for (int i = 0; i < 5; i++) {
            agent.checkIn(LAB_BOARD);
        }
        assertThat(changes(agent)).as("the same attributes again").isEqualTo(1);
        assertThat(updatedAt(agent)).as("the device's row is not written").isEqualTo(updatedAt);

        Map<String, String> updated = new HashMap<>(LAB_BOARD);
        updated.put("osBuild", "22631.4");
        agent.checkIn(updated);
        agent.checkIn(updated);
        assertThat(changes(agent)).isEqualTo(2);
        assertThat(detail(tenant, agent).getString("attributes.osBuild")).isEqualTo("22631.4");
        // A check-in merges: keys it does not name stay.
        agent.checkIn(Map.of("model", "rm-200"));
        assertThat(changes(agent)).isEqualTo(2);
        assertThat(detail(tenant, agent).getMap("attributes")).isEqualTo(updated);
    }

    @Test
    void ddiConfigDataMergesReplacesAndRemovesOncePerChange() {
        Agent native_ = Agent.enroll(key, "ddi-device", null, product, "1.0.0", Map.of("model", "rm-100"));
        DdiAgent agent = DdiAgent.of(tenant.id(), native_);
        assertThat(agent.poll().getString("_links.configData.href")).as("attributes are wanted on first contact").isNotNull();

        assertThat(agent.configData(Map.of("osBuild", "6.1.2", "hwRevision", "B"))).isEqualTo(200);
        assertThat(agent.configData(Map.of("osBuild", "6.1.2", "hwRevision", "B"))).isEqualTo(200);
        assertThat(detail(tenant, native_).getMap("attributes"))
                .isEqualTo(Map.of("model", "rm-100", "osBuild", "6.1.2", "hwRevision", "B"));
        assertThat(changes(native_)).isEqualTo(1);
        assertThat(agent.poll().getString("_links.configData")).as("sent: no longer asked for").isNull();

        configData(agent, "remove", Map.of("hwRevision", "")).then().statusCode(200);
        assertThat(detail(tenant, native_).getMap("attributes")).isEqualTo(Map.of("model", "rm-100", "osBuild", "6.1.2"));
        configData(agent, "replace", Map.of("model", "rm-110")).then().statusCode(200);
        assertThat(detail(tenant, native_).getMap("attributes")).isEqualTo(Map.of("model", "rm-110"));
        assertThat(changes(native_)).isEqualTo(3);
    }

    @Test
    void badAttributesAreRefusedWithProblemJsonAndChangeNothing() {
        Agent agent = Agent.enroll(key, "refused", null, product, "1.0.0", Map.of("model", "rm-300"));
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("key" + i, "v");
        }
        checkIn(agent, tooMany).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("attributes"));
        checkIn(agent, Map.of("model", "x".repeat(257))).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("attributes.model"))
                .body("errors[0].message", equalTo("must be at most 256 characters"));
        checkIn(agent, Map.of("model", "rm\u0007bell")).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].message", equalTo("must not contain control characters"));
        checkIn(agent, Map.of("bad key\n", "v")).then().statusCode(422).contentType("application/problem+json");
        // 49 new keys fit one request but not, with the one stored, a device.
        Map<String, String> overflow = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            overflow.put("extra" + i, "v");
        }
        checkIn(agent, overflow).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].message", equalTo("a device holds at most 50 attributes"));
        DdiAgent ddi = DdiAgent.of(tenant.id(), agent);
        configData(ddi, "merge", Map.of("model", "tab\tbed")).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("data.model"));

        assertThat(detail(tenant, agent).getMap("attributes")).isEqualTo(Map.of("model", "rm-300"));
        assertThat(changes(agent)).isZero();

        Map<String, Object> enrollment = new HashMap<>(Map.of("enrollmentKey", key, "deviceId", "refused-at-enrollment",
                "installed", Map.of(product, "1.0.0"), "attributes", Map.of("region", "eu\u0007")));
        given().contentType(ContentType.JSON).body(enrollment).post("/api/device/v1/enroll")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("attributes.region"));
        assertThat(tenant.api().queryParam("q", "refused-at-enrollment").get("/api/v1/devices")
                .then().statusCode(200).extract().jsonPath().getInt("total")).as("not enrolled").isZero();
    }

    @Test
    void theFleetFilterHoldsEveryPairAndStaysInItsTenant() {
        Agent match = Agent.enroll(key, "filter-match", null, product, "1.0.0", Map.of("model", "rm-900", "osBuild", "A"));
        Agent.enroll(key, "filter-other-build", null, product, "1.0.0", Map.of("model", "rm-900", "osBuild", "B"));
        Agent foreign = Agent.enroll(Api.enrollmentKey(other.admin(), 1), "filter-foreign", null, product, "1.0.0",
                Map.of("model", "rm-900", "osBuild", "A"));

        assertThat(deviceIds(tenant, "model=rm-900", "osBuild=A")).containsExactly("filter-match");
        assertThat(deviceIds(tenant, "model=rm-900")).containsExactlyInAnyOrder("filter-match", "filter-other-build");
        assertThat(deviceIds(other, "model=rm-900")).containsExactly("filter-foreign");
        other.api().get("/api/v1/devices/" + match.id()).then().statusCode(404).contentType("application/problem+json");
        tenant.api().get("/api/v1/devices/" + foreign.id()).then().statusCode(404);

        tenant.api().queryParam("attribute", "no-equals-sign").get("/api/v1/devices")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("attribute"));
    }

    private static List<String> deviceIds(TestTenant tenant, String... terms) {
        var request = tenant.api();
        for (String term : terms) {
            request = request.queryParam("attribute", term);
        }
        return request.get("/api/v1/devices").then().statusCode(200).extract().jsonPath().getList("items.deviceId");
    }

    private static JsonPath detail(TestTenant tenant, Agent agent) {
        return tenant.api().get("/api/v1/devices/" + agent.id()).then().statusCode(200).extract().jsonPath();
    }

    /** The audited attribute changes of the device, as the tenant's audit log shows them. */
    private static long changes(Agent agent) {
        List<Map<String, Object>> entries = tenant.api().queryParam("limit", 1000).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return entries.stream().filter(entry -> "device.attributes".equals(entry.get("action"))
                && agent.id().toString().equals(entry.get("targetId"))).count();
    }

    /** Read where no API shows it: whether a check-in wrote the device's row. */
    private static Object updatedAt(Agent agent) {
        return Db.count("SELECT extract(epoch FROM updated_at) * 1000000 FROM devices WHERE id = ?", agent.id());
    }

    private static io.restassured.response.Response checkIn(Agent agent, Map<String, String> attributes) {
        return given().header("Authorization", "TargetToken " + agent.token()).contentType(ContentType.JSON)
                .body(Map.of("installed", Map.of(product, "1.0.0"), "attributes", attributes)).post("/api/device/v1/check-in");
    }

    private static io.restassured.response.Response configData(DdiAgent agent, String mode, Map<String, String> data) {
        return given().header("Authorization", "TargetToken " + agent.token()).contentType(ContentType.JSON)
                .body(Map.of("mode", mode, "data", data)).put(agent.base() + "/configData");
    }
}
