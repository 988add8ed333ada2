package dev.ringmaster.tenancy;

import dev.ringmaster.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Tenant B's admin, handed tenant A's ids, on every tenant-scoped endpoint: always 404 (exactly what an
 * unknown id answers), no data of A in the answer, and nothing of A changed afterwards.
 */
@QuarkusTest
class IsolationMatrixTest {

    private static final String A = "acme-admin";
    private static final String B = "globex-admin";

    @Test
    void tenantBCannotReadOrChangeTenantAThroughAnyEndpoint() {
        String deviceA = Api.deviceId(A, "acme-chi-gw-001");
        String groupA = Api.groupId(A, "us-warehouses");
        String groupB = Api.groupId(B, "apac");
        Api.enrollmentKey(A, 3);
        String keyA = as(A).get("/api/v1/enrollment-keys").then().statusCode(200).extract().path("[0].id");
        Map<String, Object> deviceBefore = as(A).get("/api/v1/devices/" + deviceA).then().extract().jsonPath().getMap("");
        Map<String, Object> groupBefore = as(A).get("/api/v1/groups/" + groupA).then().extract().jsonPath().getMap("");

        Map<String, Supplier<Response>> attempts = Map.ofEntries(
                Map.entry("GET device", () -> as(B).get("/api/v1/devices/" + deviceA)),
                Map.entry("PATCH device", () -> as(B).body(Map.of("name", "owned by globex")).patch("/api/v1/devices/" + deviceA)),
                Map.entry("retire device", () -> as(B).post("/api/v1/devices/" + deviceA + "/retire")),
                Map.entry("GET group", () -> as(B).get("/api/v1/groups/" + groupA)),
                Map.entry("PATCH group", () -> as(B).body(Map.of("pilot", true)).patch("/api/v1/groups/" + groupA)),
                Map.entry("DELETE group", () -> as(B).delete("/api/v1/groups/" + groupA)),
                Map.entry("add to A's group", () -> as(B).body(Map.of("deviceIds", List.of(deviceA))).post("/api/v1/groups/" + groupA + "/members")),
                Map.entry("remove from A's group", () -> as(B).body(Map.of("deviceIds", List.of(deviceA))).post("/api/v1/groups/" + groupA + "/members/remove")),
                Map.entry("A's device into B's group", () -> as(B).body(Map.of("deviceIds", List.of(deviceA))).post("/api/v1/groups/" + groupB + "/members")),
                Map.entry("revoke A's key", () -> as(B).post("/api/v1/enrollment-keys/" + keyA + "/revoke")),
                Map.entry("GET tenant", () -> as(B).get("/api/v1/tenants/acme")));

        attempts.forEach((name, attempt) -> {
            Response response = attempt.get();
            assertThat(response.statusCode()).as(name).isEqualTo(404);
            assertThat(response.contentType()).as(name).startsWith("application/problem+json");
            assertThat(response.asString()).as(name).doesNotContain("acme-chi-gw-001").doesNotContain("us-warehouses");
        });

        assertThat(as(A).get("/api/v1/devices/" + deviceA).then().extract().jsonPath().getMap("")).isEqualTo(deviceBefore);
        assertThat(as(A).get("/api/v1/groups/" + groupA).then().extract().jsonPath().getMap("")).isEqualTo(groupBefore);
        as(A).get("/api/v1/enrollment-keys").then().body("find { it.id == '" + keyA + "' }.revokedAt", nullValue());
        as(B).get("/api/v1/groups/" + groupB).then().body("deviceIds", not(org.hamcrest.Matchers.hasItem(deviceA)));
    }

    @Test
    void listsNeverCarryAnotherTenantsRows() {
        as(B).queryParam("size", 500).get("/api/v1/devices").then().statusCode(200).body("items.deviceId", everyItem(org.hamcrest.Matchers.startsWith("globex-")));
        as(B).queryParam("q", "acme").get("/api/v1/devices").then().statusCode(200).body("total", equalTo(0));
        as(B).queryParam("group", "it-lab").get("/api/v1/devices").then().statusCode(200)
                .body("items.deviceId", everyItem(org.hamcrest.Matchers.startsWith("globex-")));
        as(B).get("/api/v1/groups").then().statusCode(200).body("name", not(org.hamcrest.Matchers.hasItem("us-warehouses")));
        as(B).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200).body("tenant", everyItem(equalTo("globex")));
        as(B).queryParam("tenant", "acme").get("/api/v1/audit").then().statusCode(403);
    }

    @Test
    void aDeviceTokenOnlyEverShowsItsOwnDevice() {
        String tokenA = Api.enroll(Api.enrollmentKey(A, 1), "acme-iso-device");
        String tokenB = Api.enroll(Api.enrollmentKey(B, 1), "globex-iso-device");

        given().header("Authorization", "TargetToken " + tokenA).get("/api/device/v1/self")
                .then().statusCode(200).body("deviceId", equalTo("acme-iso-device")).body("tenant", equalTo("acme"));
        given().header("Authorization", "TargetToken " + tokenB).get("/api/device/v1/self")
                .then().statusCode(200).body("deviceId", equalTo("globex-iso-device")).body("tenant", equalTo("globex"));
        // A device token opens no user endpoint of any tenant.
        given().header("Authorization", "TargetToken " + tokenA).get("/api/v1/devices").then().statusCode(401);
    }
}
