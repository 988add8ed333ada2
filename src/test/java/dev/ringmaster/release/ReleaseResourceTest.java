package dev.ringmaster.release;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Products, releases and signed manifests through the API, with real tokens. */
@QuarkusTest
class ReleaseResourceTest {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final String PROBLEM = "application/problem+json";

    private static Map<String, Object> artifact(String name) {
        return Map.of("name", name, "sizeBytes", 1024, "sha256", SHA, "url", "https://cdn.example.com/" + name);
    }

    private static Map<String, Object> release(String version, Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of("version", version, "notes", "Fixes the \"ü\" bug; faster",
                "kind", "normal", "artifacts", List.of(artifact("firmware.bin"), artifact("firmware.sig"))));
        body.putAll(changes);
        return body;
    }

    private static void product(String key) {
        as("vera.vendor").body(Map.of("key", key, "name", "Firmware " + key, "description", "test firmware"))
                .post("/api/v1/products").then().statusCode(201).body("key", equalTo(key));
    }

    private static String releases(String key) {
        return "/api/v1/products/" + key + "/releases";
    }

    @Test
    void aPublishedManifestVerifiesWithThePublicSigningKey() {
        String key = "firmware-test-signed";
        product(key);
        as("rick.release").body(release("2.4.1-rc.1+build.7", Map.of())).post(releases(key))
                .then().statusCode(201).body("state", equalTo("draft")).body("keyId", nullValue());
        as("rick.release").get(releases(key) + "/2.4.1-rc.1+build.7/manifest").then().statusCode(404).contentType(PROBLEM);

        as("rick.release").post(releases(key) + "/2.4.1-rc.1+build.7/publish")
                .then().statusCode(200).body("state", equalTo("published"));

        JsonPath signingKey = given().get("/api/v1/signing-key").then().statusCode(200)
                .body("algorithm", equalTo("Ed25519")).extract().jsonPath();
        JsonPath signed = as("acme-viewer").get(releases(key) + "/2.4.1-rc.1+build.7/manifest")
                .then().statusCode(200).extract().jsonPath();
        String manifest = signed.getString("manifest");
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        assertThat(signed.getString("keyId")).isEqualTo(signingKey.getString("keyId"));
        assertThat(ManifestSigner.verify(signingKey.getString("publicKey"), bytes, signed.getString("signature"))).isTrue();
        byte[] tampered = Arrays.copyOf(bytes, bytes.length);
        tampered[manifest.indexOf("2.4.1")] = '3';
        assertThat(ManifestSigner.verify(signingKey.getString("publicKey"), tampered, signed.getString("signature"))).isFalse();

        JsonPath content = new JsonPath(manifest);
        assertThat(manifest).startsWith("{\"artifacts\":[{\"name\":\"firmware.bin\",\"sha256\":\"" + SHA + "\",\"size\":1024,")
                .doesNotContain("\n").doesNotContain("\": ");
        assertThat(content.getString("product")).isEqualTo(key);
        assertThat(content.getString("version")).isEqualTo("2.4.1-rc.1+build.7");
        assertThat(content.getString("notes")).isEqualTo("Fixes the \"ü\" bug; faster");
        assertThat(content.getList("artifacts.url")).containsExactly("https://cdn.example.com/firmware.bin", "https://cdn.example.com/firmware.sig");

        as("vera.vendor").queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("findAll { it.after?.product == '" + key + "' }.action", hasItem("release.publish"))
                .body("find { it.action == 'release.publish' && it.after.product == '" + key + "' }.before.state", equalTo("draft"))
                .body("find { it.action == 'product.create' && it.targetId == '" + key + "' }.tenant", nullValue());
    }

    @Test
    void tenantsSeePublishedReleasesButNeverDrafts() {
        String key = "firmware-test-visibility";
        product(key);
        as("rick.release").body(release("1.0.0", Map.of())).post(releases(key)).then().statusCode(201);
        as("rick.release").body(release("1.1.0", Map.of())).post(releases(key)).then().statusCode(201);
        as("rick.release").body(release("1.2.0", Map.of())).post(releases(key)).then().statusCode(201);
        as("rick.release").post(releases(key) + "/1.0.0/publish").then().statusCode(200);
        as("rick.release").post(releases(key) + "/1.2.0/withdraw").then().statusCode(200).body("state", equalTo("withdrawn"));

        as("val.viewer").get(releases(key)).then().statusCode(200).body("items.version", contains("1.2.0", "1.1.0", "1.0.0"));
        as("acme-viewer").get(releases(key)).then().statusCode(200).body("items.version", contains("1.0.0"));
        as("globex-admin").get(releases(key) + "/1.1.0").then().statusCode(404).contentType(PROBLEM);
        as("globex-admin").get(releases(key) + "/1.2.0").then().statusCode(404);
        as("globex-admin").get(releases(key) + "/1.0.0").then().statusCode(200).body("state", equalTo("published"));
        as("acme-viewer").get("/api/v1/products").then().statusCode(200).body("key", hasItem(key));
        as("acme-viewer").get("/api/v1/products").then().body("find { it.key == 'agent' }.defaultRingPlan", not(nullValue()));
    }

    @Test
    void viewersAndTenantsChangeNothing() {
        String key = "firmware-test-roles";
        product(key);
        as("rick.release").body(release("1.0.0", Map.of())).post(releases(key)).then().statusCode(201);

        for (String user : List.of("val.viewer", "acme-admin")) {
            as(user).body(Map.of("key", "firmware-test-by-" + user.replace('.', '-'), "name", "nope")).post("/api/v1/products")
                    .then().statusCode(403).contentType(PROBLEM);
            as(user).body(release("9.9.9", Map.of())).post(releases(key)).then().statusCode(403);
            as(user).post(releases(key) + "/1.0.0/publish").then().statusCode(403);
            as(user).post(releases(key) + "/1.0.0/withdraw").then().statusCode(403);
        }
        given().get(releases(key)).then().statusCode(401);

        as("val.viewer").get(releases(key)).then().body("items.version", contains("1.0.0")).body("items.state", contains("draft"));
        as("val.viewer").get("/api/v1/products").then().body("key", not(hasItem("firmware-test-by-val-viewer")));
    }

    @Test
    void badInputIsRefusedAndCreatesNothing() {
        String key = "firmware-test-bad-input";
        product(key);
        as("rick.release").body(release("1.0", Map.of())).post(releases(key))
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", contains("version"));
        as("rick.release").body(release("1.0.1", Map.of("artifacts", List.of(Map.of("name", "a.bin", "sizeBytes", 1,
                        "sha256", SHA.toUpperCase(), "url", "https://cdn.example.com/a.bin"))))).post(releases(key))
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", contains("artifacts[0].sha256"));
        as("rick.release").body(release("1.0.2", Map.of("artifacts", List.of(Map.of("name", "a.bin", "sizeBytes", 0,
                        "sha256", SHA, "url", "https://cdn.example.com/a.bin"))))).post(releases(key))
                .then().statusCode(422).body("errors.field", contains("artifacts[0].sizeBytes"));
        as("rick.release").body(release("1.0.3", Map.of("artifacts", List.of(Map.of("name", "a.bin", "sizeBytes", 1,
                        "sha256", SHA, "url", "ftp://cdn.example.com/a.bin"))))).post(releases(key))
                .then().statusCode(422).body("errors.field", contains("artifacts[0].url"));
        as("rick.release").body(release("1.0.4", Map.of("kind", "hotfix"))).post(releases(key))
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("kind"))
                .body("errors.message", contains(containsString("emergency")));
        as("vera.vendor").body(Map.of("key", "Firmware_Test", "name", "bad key")).post("/api/v1/products")
                .then().statusCode(422).body("errors.field", contains("key"));
        as("vera.vendor").body(Map.of("key", key, "name", "again")).post("/api/v1/products")
                .then().statusCode(409).contentType(PROBLEM);
        as("rick.release").post("/api/v1/products/firmware-test-missing/releases/1.0.0/publish").then().statusCode(404);

        as("rick.release").get(releases(key)).then().statusCode(200).body("items.size()", equalTo(0));

        as("rick.release").body(release("1.0.0", Map.of("artifacts", List.of()))).post(releases(key)).then().statusCode(201);
        as("rick.release").body(release("1.0.0", Map.of())).post(releases(key))
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("1.0.0"));
        as("rick.release").post(releases(key) + "/1.0.0/publish")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("artifact"));
        as("rick.release").get(releases(key)).then().body("items.version", contains("1.0.0")).body("items.state", contains("draft"))
                .body("items[0].artifacts.size()", equalTo(0));
    }

    @Test
    void aWithdrawnReleaseCannotBePublished() {
        String key = "firmware-test-withdraw";
        product(key);
        as("vera.vendor").body(release("3.0.0", Map.of("kind", "emergency"))).post(releases(key))
                .then().statusCode(201).body("kind", equalTo("emergency"));
        as("vera.vendor").post(releases(key) + "/3.0.0/publish").then().statusCode(200);
        as("vera.vendor").post(releases(key) + "/3.0.0/withdraw").then().statusCode(200).body("state", equalTo("withdrawn"));

        as("rick.release").post(releases(key) + "/3.0.0/publish")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("withdrawn"));
        as("rick.release").post(releases(key) + "/3.0.0/withdraw").then().statusCode(409);
        // Devices may still hold it, so tenants keep seeing a release that was withdrawn after publishing.
        as("acme-viewer").get(releases(key) + "/3.0.0").then().statusCode(200).body("state", equalTo("withdrawn"));
        as("vera.vendor").queryParam("limit", 1000).get("/api/v1/audit").then()
                .body("find { it.action == 'release.withdraw' && it.after.product == '" + key + "' }.before.state", equalTo("published"));
    }
}
