package dev.ringmaster.support;

import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.Api.as;

/** The vendor's side built through the API: a product of its own with a plan, published releases, rollouts. */
public final class VendorApi {

    public static final String MANAGER = "rick.release";
    public static final String ADMIN = "vera.vendor";

    private VendorApi() {
    }

    /** One ring of a plan: soak 1 h, silence after 30 min, at least 5 finished and half of the offered. */
    public static Map<String, Object> ring(String name, String share, double maxFailureRate) {
        Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 5, "minFinishedShare", 0.5,
                "maxFailureRate", maxFailureRate, "silenceTimeout", "PT30M", "minReportsForHalt", 10));
        return new HashMap<>(Map.of("name", name, "share", Double.valueOf(share), "minSoak", "PT1H", "gate", gate,
                "manualApproval", false));
    }

    /**
     * A plan of one ring that takes every device: one finished device may pass it, three reports may halt it, failure
     * threshold 20 %, silence after 2 h. Cohort tests judge cohorts inside it without rings getting in the way.
     */
    public static List<Map<String, Object>> oneRing() {
        Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 1, "minFinishedShare", 0.5,
                "maxFailureRate", 0.2, "silenceTimeout", "PT2H", "minReportsForHalt", 3));
        return new ArrayList<>(List.of(new HashMap<>(Map.of("name", "broad", "share", 1, "minSoak", "PT1H",
                "gate", gate, "manualApproval", false))));
    }

    /** A new product whose default plan is canary 20 % → early 50 % → broad 100 %, failure threshold 20 %. */
    public static String product(String prefix) {
        return product(prefix, new ArrayList<>(List.of(ring("canary", "0.2", 0.2), ring("early", "0.5", 0.2),
                ring("broad", "1", 0.2))));
    }

    /** A new product whose default plan has the rings given. */
    public static String product(String prefix, List<Map<String, Object>> rings) {
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        as(ADMIN).body(Map.of("key", key, "name", "Engine test " + key)).post("/api/v1/products")
                .then().statusCode(201);
        plan(key, "standard", false, rings);
        return key;
    }

    public static void plan(String product, String name, boolean emergency, List<Map<String, Object>> rings) {
        as(ADMIN).body(new HashMap<>(Map.of("name", name, "emergency", emergency, "rings", rings)))
                .post("/api/v1/products/" + product + "/ring-plans").then().statusCode(201);
    }

    /** A draft release with one artifact at an external URL. */
    public static void draft(String product, String version) {
        Map<String, Object> artifact = Map.of("name", "agent-" + version + ".swu", "sizeBytes", 1024,
                "sha256", "a".repeat(64), "url", "https://downloads.example.com/" + product + "/" + version);
        as(MANAGER).body(Map.of("version", version, "notes", "test release", "artifacts", List.of(artifact)))
                .post("/api/v1/products/" + product + "/releases").then().statusCode(201);
    }

    /** A published release with one artifact at an external URL. */
    public static void publish(String product, String version) {
        draft(product, version);
        as(MANAGER).post("/api/v1/products/" + product + "/releases/" + version + "/publish").then().statusCode(200);
    }

    /** A scheduled rollout of a published release on the product's default plan, or the plan named. */
    public static UUID rollout(String product, String version, String plan) {
        Map<String, Object> body = new HashMap<>(Map.of("product", product, "version", version));
        if (plan != null) {
            body.put("plan", plan);
        }
        return UUID.fromString(as(MANAGER).body(body).post("/api/v1/rollouts").then().statusCode(201)
                .extract().path("id"));
    }

    /** Publishes the release and starts its rollout on the product's default plan, so ring 0 is open. */
    public static UUID started(String product, String version) {
        publish(product, version);
        UUID rollout = rollout(product, version, null);
        act(rollout, "start", "test rollout");
        return rollout;
    }

    public static JsonPath act(UUID rollout, String action, String reason) {
        return as(MANAGER).body(reason == null ? Map.of() : Map.of("reason", reason))
                .post("/api/v1/rollouts/" + rollout + "/" + action).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath get(UUID rollout) {
        return as(MANAGER).get("/api/v1/rollouts/" + rollout).then().statusCode(200).extract().jsonPath();
    }

    public static String state(UUID rollout) {
        return get(rollout).getString("state");
    }

    /**
     * Publishes the release and takes it through every ring of the default plan at once (each ring promoted), so
     * it ends completed. Devices need not have installed it.
     */
    public static UUID complete(String product, String version) {
        publish(product, version);
        UUID rollout = rollout(product, version, null);
        act(rollout, "start", "test release");
        for (int ring = 0; ring < 10 && !"completed".equals(state(rollout)); ring++) {
            act(rollout, "promote", "proven elsewhere");
        }
        return rollout;
    }

    /** Publishes the release and halts its rollout right after the start (the vendor's stop on this one rollout). */
    public static UUID halted(String product, String version) {
        publish(product, version);
        UUID rollout = rollout(product, version, null);
        act(rollout, "start", "test release");
        act(rollout, "emergency-stop", "found bad");
        return rollout;
    }

    /** Rolls the rollout back; answers the rollback's view (release, its rollout, the stopped one). */
    public static JsonPath rollBack(UUID rollout, String reason) {
        return as(MANAGER).body(Map.of("reason", reason)).post("/api/v1/rollouts/" + rollout + "/rollback")
                .then().statusCode(200).extract().jsonPath();
    }

    public static String releaseState(String product, String version) {
        return as(MANAGER).get("/api/v1/products/" + product + "/releases/" + version).then().statusCode(200)
                .extract().path("state");
    }
}
