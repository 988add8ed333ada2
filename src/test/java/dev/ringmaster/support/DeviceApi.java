package dev.ringmaster.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Device-API test helpers built through the real HTTP API: requests with a device token, published releases. */
public final class DeviceApi {

    private DeviceApi() {
    }

    /** A request carrying the device's token, as agents send it. */
    public static RequestSpecification device(String token) {
        return given().header("Authorization", "TargetToken " + token).contentType(ContentType.JSON);
    }

    /** A published (signed) release with one artifact at {@code url}. */
    public static UUID release(String product, String version, String artifactName, byte[] content, String url) {
        Api.as("rick.release").body(Map.of("version", version, "notes", "test release", "artifacts", List.of(Map.of(
                        "name", artifactName, "sizeBytes", content.length, "sha256", sha256(content), "url", url))))
                .post("/api/v1/products/" + product + "/releases").then().statusCode(201);
        Api.as("rick.release").post("/api/v1/products/" + product + "/releases/" + version + "/publish").then().statusCode(200);
        return Db.releaseId(product, version);
    }

    public static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
