package dev.ringmaster.rollout;

import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The ring plan editor through the API, with real tokens, on products of its own (never the sample plans). */
@QuarkusTest
class RingPlanResourceTest {

    private static final String PROBLEM = "application/problem+json";

    private static Map<String, Object> ring(String name, String share, String minSoak) {
        Map<String, Object> ring = new HashMap<>();
        ring.put("name", name);
        ring.put("share", Double.valueOf(share));
        ring.put("minSoak", minSoak);
        ring.put("gate", new HashMap<>(Map.of("minFinished", 20, "minFinishedShare", 0.5, "maxFailureRate", 0.02,
                "silenceTimeout", "PT2H")));
        ring.put("manualApproval", false);
        return ring;
    }

    private static List<Map<String, Object>> threeRings() {
        return new ArrayList<>(List.of(ring("canary", "0.01", "PT24H"), ring("early", "0.1", "PT48H"),
                ring("broad", "1", "PT72H")));
    }

    private static Map<String, Object> plan(String name, List<Map<String, Object>> rings) {
        return new HashMap<>(Map.of("name", name, "emergency", false, "rings", rings));
    }

    private static String plans(String product) {
        return "/api/v1/products/" + product + "/ring-plans";
    }

    private static String product(String key) {
        as("vera.vendor").body(Map.of("key", key, "name", "Plans " + key)).post("/api/v1/products").then().statusCode(201);
        return key;
    }

    @Test
    void aCreatedPlanReadsBackWithItsRingsAndARandomSalt() {
        String key = product("plans-test-create");
        as("rick.release").body(plan("standard", threeRings())).post(plans(key)).then().statusCode(201)
                .body("name", equalTo("standard")).body("isDefault", equalTo(true));

        JsonPath read = as("val.viewer").get(plans(key) + "/standard").then().statusCode(200).extract().jsonPath();
        assertThat(read.getString("product")).isEqualTo(key);
        assertThat(read.getList("rings.name")).containsExactly("canary", "early", "broad");
        assertThat(read.getList("rings.share", Float.class)).containsExactly(0.01f, 0.1f, 1f);
        assertThat(read.getList("rings.minSoak")).containsExactly("PT24H", "PT48H", "PT72H");
        assertThat(read.getString("rings[0].gate.silenceTimeout")).isEqualTo("PT2H");
        assertThat(read.getFloat("rings[0].gate.maxFailureRate")).isEqualTo(0.02f);
        assertThat(read.getInt("rings[0].gate.minFinished")).isEqualTo(20);
        assertThat(read.getBoolean("emergency")).isFalse();
        assertThat(read.getString("salt")).matches("[0-9a-f]{32}");

        as("rick.release").body(plan("second", threeRings())).post(plans(key)).then().statusCode(201)
                .body("isDefault", equalTo(false)).body("salt", not(equalTo(read.getString("salt"))));
        as("vera.vendor").get(plans(key)).then().statusCode(200).body("name", contains("second", "standard"));
        as("vera.vendor").get("/api/v1/products").then().body("find { it.key == '" + key + "' }.defaultRingPlan", equalTo("standard"));
        as("vera.vendor").get(plans(key) + "/missing").then().statusCode(404).contentType(PROBLEM);
        as("vera.vendor").get(plans("plans-test-no-such-product")).then().statusCode(404);

        as("vera.vendor").queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("find { it.action == 'ring-plan.create' && it.targetId == '" + key + "/standard' }.tenant", nullValue())
                .body("find { it.action == 'ring-plan.create' && it.targetId == '" + key + "/standard' }.after.rings.size()", equalTo(3));
    }

    @Test
    void replacingKeepsTheSaltUnlessAReshuffleIsAsked() {
        String key = product("plans-test-replace");
        String salt = as("rick.release").body(plan("standard", threeRings())).post(plans(key)).then().statusCode(201)
                .extract().path("salt");

        // The same names at other positions: the old rings must be gone before the new ones are stored.
        List<Map<String, Object>> rings = List.of(ring("early", "0.05", "PT1H"), ring("canary", "0.5", "PT2H"),
                ring("wide", "0.75", "PT3H"), ring("broad", "1", "P30D"));
        as("rick.release").body(Map.of("emergency", true, "rings", rings)).put(plans(key) + "/standard").then().statusCode(200)
                .body("rings.name", contains("early", "canary", "wide", "broad"))
                .body("emergency", equalTo(true)).body("salt", equalTo(salt)).body("isDefault", equalTo(true));
        as("val.viewer").get(plans(key) + "/standard").then()
                .body("rings.name", contains("early", "canary", "wide", "broad")).body("rings[3].minSoak", equalTo("PT720H"))
                .body("salt", equalTo(salt));

        String reshuffled = as("vera.vendor").body(Map.of("rings", threeRings(), "reshuffle", true)).put(plans(key) + "/standard")
                .then().statusCode(200).body("emergency", equalTo(false)).body("salt", matchesPattern("[0-9a-f]{32}"))
                .extract().path("salt");
        assertThat(reshuffled).isNotEqualTo(salt);

        as("vera.vendor").queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("findAll { it.action == 'ring-plan.update' && it.targetId == '" + key + "/standard' }.after.salt", hasItem(reshuffled))
                .body("find { it.action == 'ring-plan.update' && it.targetId == '" + key + "/standard' && it.after.emergency }.before.rings.size()", equalTo(3));
        as("vera.vendor").body(Map.of("rings", threeRings())).put(plans(key) + "/missing").then().statusCode(404);
    }

    @Test
    void makeDefaultMovesTheOneDefault() {
        String key = product("plans-test-default");
        as("rick.release").body(plan("first", threeRings())).post(plans(key)).then().statusCode(201);
        as("rick.release").body(plan("second", threeRings())).post(plans(key)).then().statusCode(201);

        as("rick.release").post(plans(key) + "/second/make-default").then().statusCode(200).body("isDefault", equalTo(true));
        as("val.viewer").get(plans(key)).then().body("findAll { it.isDefault }.name", contains("second"));
        as("vera.vendor").get("/api/v1/products").then().body("find { it.key == '" + key + "' }.defaultRingPlan", equalTo("second"));
        as("rick.release").post(plans(key) + "/second/make-default").then().statusCode(200).body("isDefault", equalTo(true));
        as("rick.release").post(plans(key) + "/first/make-default").then().statusCode(200);
        as("val.viewer").get(plans(key)).then().body("findAll { it.isDefault }.name", contains("first"));

        as("vera.vendor").queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("find { it.action == 'ring-plan.make-default' && it.targetId == '" + key + "/first' }.before.default", equalTo("second"))
                .body("findAll { it.action == 'ring-plan.make-default' && it.targetId == '" + key + "/second' }.size()", equalTo(1));
    }

    @Test
    void aDuplicateNameIsAConflict() {
        String key = product("plans-test-duplicate");
        as("rick.release").body(plan("standard", threeRings())).post(plans(key)).then().statusCode(201);
        as("vera.vendor").body(plan("standard", List.of(ring("all", "1", "PT0S")))).post(plans(key))
                .then().statusCode(409).contentType(PROBLEM);
        as("vera.vendor").get(plans(key) + "/standard").then().body("rings.size()", equalTo(3));
    }

    @Test
    void everyRuleIsRefusedWithItsFieldAndNothingChanges() {
        String key = product("plans-test-rules");
        String salt = as("rick.release").body(plan("standard", threeRings())).post(plans(key)).then().statusCode(201)
                .extract().path("salt");
        String before = as("vera.vendor").get(plans(key) + "/standard").then().extract().asString();

        refused(key, "rings", rings -> rings.clear());
        refused(key, "rings", rings -> {
            for (int i = 0; i < 8; i++) {
                rings.add(0, ring("extra-" + i, "0.00" + (i + 1), "PT1H"));
            }
        });
        refused(key, "rings[1].name", rings -> rings.get(1).put("name", "Early"));
        refused(key, "rings[1].name", rings -> rings.get(1).put("name", "e"));
        refused(key, "rings[2].name", rings -> rings.get(2).put("name", "canary"));
        refused(key, "rings[1].share", rings -> rings.get(1).put("share", 0.01));
        refused(key, "rings[1].share", rings -> rings.get(1).put("share", 0.005));
        refused(key, "rings[2].share", rings -> rings.get(2).put("share", 0.9));
        refused(key, "rings[2].share", rings -> rings.get(2).put("share", 1.5));
        refused(key, "rings[0].share", rings -> rings.get(0).put("share", 0));
        refused(key, "rings[0].share", rings -> rings.get(0).remove("share"));
        refused(key, "rings[0].minSoak", rings -> rings.get(0).put("minSoak", "-PT1H"));
        refused(key, "rings[0].minSoak", rings -> rings.get(0).put("minSoak", "P31D"));
        refused(key, "rings[0].gate.silenceTimeout", rings -> gate(rings, "silenceTimeout", "PT0S"));
        refused(key, "rings[0].gate.maxFailureRate", rings -> gate(rings, "maxFailureRate", 0));
        refused(key, "rings[0].gate.maxFailureRate", rings -> gate(rings, "maxFailureRate", 1));
        refused(key, "rings[0].gate.minFinishedShare", rings -> gate(rings, "minFinishedShare", 1.1));
        refused(key, "rings[0].gate.minFinishedShare", rings -> gate(rings, "minFinishedShare", -0.1));
        refused(key, "rings[0].gate.minFinished", rings -> gate(rings, "minFinished", -1));
        refused(key, "rings[0].gate", rings -> rings.get(0).remove("gate"));

        as("rick.release").body(Map.of("emergency", true, "rings", List.of(ring("all", "1", "PT0S"))))
                .put(plans(key) + "/standard").then().statusCode(422).body("errors.field", contains("rings"));
        as("rick.release").body(plan("Bad Name", threeRings())).post(plans(key))
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", contains("name"));
        as("rick.release").body(plan("other", List.of(ring("canary", "0.5", "PT1H"), ring("canary", "0.4", "PT1H"))))
                .post(plans(key)).then().statusCode(422).body("errors.field", contains("rings[1].name", "rings[1].share"));
        as("val.viewer").get(plans(key)).then().body("name", contains("standard"));
        as("vera.vendor").get(plans(key) + "/standard").then().body(equalTo(before)).body("salt", equalTo(salt));
    }

    @Test
    void aPlanInUseByARolloutThatHasNotEndedIsNotChanged() {
        String key = product("plans-test-in-use");
        as("rick.release").body(plan("standard", threeRings())).post(plans(key)).then().statusCode(201);
        VendorApi.publish(key, "1.0.0");
        UUID rollout = VendorApi.rollout(key, "1.0.0", "standard");
        VendorApi.act(rollout, "start", null);
        VendorApi.act(rollout, "pause", "plan review");

        as("rick.release").body(Map.of("rings", List.of(ring("all", "1", "PT0S")))).put(plans(key) + "/standard")
                .then().statusCode(409).contentType(PROBLEM);
        as("vera.vendor").get(plans(key) + "/standard").then().body("rings.size()", equalTo(3));

        VendorApi.act(rollout, "abort", "plan review");
        as("rick.release").body(Map.of("rings", List.of(ring("all", "1", "PT0S")))).put(plans(key) + "/standard")
                .then().statusCode(200).body("rings.name", contains("all"));
        // The ended rollout keeps its own three-ring history although its plan now has one ring.
        as("rick.release").get("/api/v1/rollouts/" + rollout).then().statusCode(200)
                .body("state", equalTo("aborted")).body("rings.size()", equalTo(3));
        as("rick.release").get("/api/v1/rollouts?product=" + key).then().statusCode(200).body("items.ringCount", contains(3));
    }

    @Test
    void onlyVendorAdminsAndReleaseManagersChangePlansAndTenantsReadNone() {
        String key = product("plans-test-roles");
        as("rick.release").body(plan("standard", threeRings())).post(plans(key)).then().statusCode(201);

        for (String user : List.of("val.viewer", "acme-admin")) {
            as(user).body(plan("mine", threeRings())).post(plans(key)).then().statusCode(403).contentType(PROBLEM);
            as(user).body(Map.of("rings", threeRings(), "reshuffle", true)).put(plans(key) + "/standard").then().statusCode(403);
            as(user).post(plans(key) + "/standard/make-default").then().statusCode(403);
        }
        for (String user : List.of("acme-admin", "acme-viewer", "globex-admin")) {
            as(user).get(plans(key)).then().statusCode(403);
            as(user).get(plans("agent") + "/standard").then().statusCode(403);
        }
        given().get(plans(key)).then().statusCode(401);
        as("val.viewer").get(plans(key)).then().statusCode(200).body("name", contains("standard"));
        as("val.viewer").get(plans("agent") + "/standard").then().statusCode(200).body("isDefault", equalTo(true));
    }

    private static void gate(List<Map<String, Object>> rings, String field, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> gate = (Map<String, Object>) rings.get(0).get("gate");
        gate.put(field, value);
    }

    /** The change, both as a new plan and as a replacement of the existing one, answers 422 naming the field. */
    private static void refused(String key, String field, Consumer<List<Map<String, Object>>> change) {
        List<Map<String, Object>> rings = threeRings();
        change.accept(rings);
        as("rick.release").body(plan("other", rings)).post(plans(key))
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", hasItem(field));
        as("vera.vendor").body(Map.of("rings", rings)).put(plans(key) + "/standard")
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", hasItem(field));
    }
}
