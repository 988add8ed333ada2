package dev.ringmaster.replicas;

import dev.ringmaster.localstack.LocalKeycloak;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * The vendor's and the tenants' side of the API as users of the local realm: tokens from its Keycloak (the CLI
 * client's password grant), calls to whichever replica is named.
 */
final class RealmApi {

    static final String ADMIN = "vera.vendor";
    static final String MANAGER = "rick.release";
    static final String PASSWORD = "ringmaster";

    private final LocalKeycloak keycloak;

    RealmApi(LocalKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    RequestSpecification as(String username, ServiceReplica replica) {
        return given().baseUri(replica.url()).auth().oauth2(token(username)).contentType(ContentType.JSON);
    }

    String token(String username) {
        return given().formParam("grant_type", "password").formParam("client_id", "ringmaster-cli")
                .formParam("username", username).formParam("password", PASSWORD)
                .formParam("scope", "openid organization")
                .post(keycloak.issuer() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** A tenant created by the vendor; its first admin's password set as the person would at first login. */
    Tenant tenant(ServiceReplica replica, String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = adminOf(id);
        as(ADMIN, replica).body(Map.of("id", id, "name", "Replicas " + id, "timeZone", "UTC",
                        "admin", Map.of("username", admin, "email", admin + "@example.com", "firstName", "Test",
                                "lastName", "Admin")))
                .post("/api/v1/tenants").then().statusCode(201);
        setPassword(admin);
        return new Tenant(id, token(admin));
    }

    /** The tenant with a fresh token for its first admin: an access token lives five minutes in the realm. */
    Tenant signedInAgain(Tenant tenant) {
        return new Tenant(tenant.id(), token(adminOf(tenant.id())));
    }

    private static String adminOf(String tenant) {
        return "admin-" + tenant;
    }

    private void setPassword(String username) {
        String adminToken = given().formParam("grant_type", "client_credentials").formParam("client_id", "ringmaster-admin")
                .formParam("client_secret", LocalKeycloak.ADMIN_CLIENT_SECRET)
                .post(keycloak.issuer() + "/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
        String users = keycloak.baseUrl() + "/admin/realms/" + LocalKeycloak.REALM + "/users";
        String userId = given().auth().oauth2(adminToken).queryParam("username", username).queryParam("exact", true)
                .get(users).then().statusCode(200).extract().path("[0].id");
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("type", "password", "value", PASSWORD, "temporary", false))
                .put(users + "/" + userId + "/reset-password").then().statusCode(204);
        given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("requiredActions", List.of()))
                .put(users + "/" + userId).then().statusCode(204);
    }

    static Map<String, Object> ring(String name, String share, String minSoak, double maxFailureRate) {
        return ring(name, share, minSoak, Map.of("minFinished", 1, "minFinishedShare", 0, "maxFailureRate", maxFailureRate,
                "silenceTimeout", "PT30M", "minReportsForHalt", 10));
    }

    static Map<String, Object> ring(String name, String share, String minSoak, Map<String, Object> gate) {
        return Map.of("name", name, "share", Double.valueOf(share), "minSoak", minSoak, "gate", gate,
                "manualApproval", false);
    }

    /** A new product of the vendor's with one ring plan, {@code standard}; answers its key. */
    String product(ServiceReplica replica, List<Map<String, Object>> rings) {
        String key = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        as(ADMIN, replica).body(Map.of("key", key, "name", "Replicas " + key)).post("/api/v1/products").then().statusCode(201);
        as(ADMIN, replica).body(Map.of("name", "standard", "emergency", false, "rings", rings))
                .post("/api/v1/products/" + key + "/ring-plans").then().statusCode(201);
        return key;
    }

    void publish(ServiceReplica replica, String product, String version) {
        Map<String, Object> artifact = Map.of("name", "agent-" + version + ".swu", "sizeBytes", 1024,
                "sha256", "a".repeat(64), "url", "https://downloads.example.com/" + product + "/" + version);
        as(MANAGER, replica).body(Map.of("version", version, "notes", "replicas", "artifacts", List.of(artifact)))
                .post("/api/v1/products/" + product + "/releases").then().statusCode(201);
        as(MANAGER, replica).post("/api/v1/products/" + product + "/releases/" + version + "/publish").then().statusCode(200);
    }

    UUID rollout(ServiceReplica replica, String product, String version, String plan) {
        return UUID.fromString(as(MANAGER, replica).body(Map.of("product", product, "version", version, "plan", plan))
                .post("/api/v1/rollouts").then().statusCode(201).extract().path("id"));
    }

    void act(ServiceReplica replica, UUID rollout, String action) {
        as(MANAGER, replica).body(Map.of("reason", "replicas test")).post("/api/v1/rollouts/" + rollout + "/" + action)
                .then().statusCode(200);
    }

    /** A tenant and its first admin's token. */
    record Tenant(String id, String adminToken) {

        RequestSpecification on(ServiceReplica replica) {
            return given().baseUri(replica.url()).auth().oauth2(adminToken).contentType(ContentType.JSON);
        }

        String enrollmentKey(ServiceReplica replica, int maxUses) {
            return on(replica).body(Map.of("name", "replicas", "validFor", "PT1H", "maxUses", maxUses))
                    .post("/api/v1/enrollment-keys").then().statusCode(201).extract().path("secret");
        }
    }
}
