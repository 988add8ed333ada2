package dev.ringmaster.support;

import dev.ringmaster.schedule.store.ReleaseWindows;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Device-API test helpers built through the real HTTP API: products, ring plans, published releases, devices. */
public final class DeviceApi {

    private DeviceApi() {
    }

    /** A request carrying the device's token, as agents send it. */
    public static RequestSpecification device(String token) {
        return given().header("Authorization", "TargetToken " + token).contentType(ContentType.JSON);
    }

    private static String shared;
    private static final java.util.concurrent.atomic.AtomicInteger VERSIONS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The one product of the device tests (created once per test JVM, so other tests that act on "every
     * product" of a tenant see one more, not dozens), with a two-ring default plan.
     */
    public static synchronized String product() {
        if (shared == null) {
            shared = product("devices");
        }
        return shared;
    }

    /** A version above every device's starting 1.0.0 that no other test used. */
    public static String nextVersion() {
        return "2.0." + VERSIONS.incrementAndGet();
    }

    /** A new product with a two-ring default plan (ring 0 canary 10 %, ring 1 everyone). */
    private static String product(String prefix) {
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as("vera.vendor").body(Map.of("key", key, "name", "Device test " + key)).post("/api/v1/products")
                .then().statusCode(201);
        Map<String, Object> gate = Map.of("minFinished", 1, "minFinishedShare", 0.5, "maxFailureRate", 0.05, "silenceTimeout", "PT1H");
        Api.as("vera.vendor").body(Map.of("name", "standard", "emergency", false, "rings", List.of(
                        Map.of("name", "canary", "share", 0.1, "minSoak", "PT1H", "gate", gate, "manualApproval", false),
                        Map.of("name", "broad", "share", 1, "minSoak", "PT1H", "gate", gate, "manualApproval", false))))
                .post("/api/v1/products/" + key + "/ring-plans").then().statusCode(201);
        Api.as("vera.vendor").post("/api/v1/products/" + key + "/ring-plans/standard/make-default");
        return key;
    }

    /** A published (signed) release with one artifact at {@code url}. */
    public static UUID release(String product, String version, String artifactName, byte[] content, String url) {
        Api.as("rick.release").body(Map.of("version", version, "notes", "test release", "artifacts", List.of(Map.of(
                        "name", artifactName, "sizeBytes", content.length, "sha256", sha256(content), "url", url))))
                .post("/api/v1/products/" + product + "/releases").then().statusCode(201);
        Api.as("rick.release").post("/api/v1/products/" + product + "/releases/" + version + "/publish").then().statusCode(200);
        return Db.releaseId(product, version);
    }

    public record Enrolled(String externalId, UUID id, String token) {
    }

    /** Enrolls a device of the admin's tenant, reporting {@code installed} for the product. */
    public static Enrolled enroll(String admin, String tenant, String externalId, String product, String installed) {
        String key = Api.enrollmentKey(admin, 1);
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("enrollmentKey", key, "deviceId", externalId, "installed", Map.of(product, installed)))
                .post("/api/device/v1/enroll").then().statusCode(201).extract().path("token");
        Api.awaitEnrolledWindows();
        return new Enrolled(externalId, Db.deviceId(tenant, externalId), token);
    }

    public static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
