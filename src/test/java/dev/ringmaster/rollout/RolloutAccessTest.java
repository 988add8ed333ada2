package dev.ringmaster.rollout;

import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.Api.as;
import static dev.ringmaster.support.VendorApi.MANAGER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Who may see and move rollouts, and how bad requests are answered (and change nothing). */
@QuarkusTest
class RolloutAccessTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void vendorViewersReadButCannotActAndTenantsSeeNoRolloutsAtAll() {
        String product = VendorApi.product("access");
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);

        as("val.viewer").get("/api/v1/rollouts?product=" + product).then().statusCode(200)
                .body("items.id", hasItem(rollout.toString()));
        as("val.viewer").body(Map.of()).post("/api/v1/rollouts/" + rollout + "/start").then().statusCode(403);
        as("val.viewer").body(Map.of("product", product, "version", "1.0.0")).post("/api/v1/rollouts")
                .then().statusCode(403);
        for (String tenantUser : new String[] {"acme-admin", "globex-viewer"}) {
            as(tenantUser).get("/api/v1/rollouts").then().statusCode(403);
            as(tenantUser).get("/api/v1/rollouts/" + rollout).then().statusCode(403);
            as(tenantUser).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/start").then().statusCode(403);
        }
        given().get("/api/v1/rollouts").then().statusCode(401);
        as(MANAGER).get("/api/v1/rollouts/" + rollout).then().body("state", equalTo("scheduled"));
    }

    @Test
    void badRequestsGetProblemsAndChangeNothing() {
        String product = VendorApi.product("bad-input");
        VendorApi.publish(product, "1.0.0");
        as(MANAGER).body(Map.of("product", product)).post("/api/v1/rollouts").then().statusCode(422)
                .contentType(PROBLEM).body("errors[0].field", equalTo("version"));
        as(MANAGER).body(Map.of("product", product, "version", "9.9.9")).post("/api/v1/rollouts").then()
                .statusCode(422).contentType(PROBLEM);
        as(MANAGER).body(Map.of("product", product, "version", "1.0.0", "plan", "nope")).post("/api/v1/rollouts")
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("plan"));
        as(MANAGER).body(Map.of("product", "no-such-product", "version", "1.0.0")).post("/api/v1/rollouts")
                .then().statusCode(404).contentType(PROBLEM);
        as(MANAGER).contentType(ContentType.TEXT).body("start").post("/api/v1/rollouts").then().statusCode(415);
        as(MANAGER).get("/api/v1/rollouts?state=sideways").then().statusCode(422).contentType(PROBLEM);
        as(MANAGER).get("/api/v1/rollouts/not-a-uuid").then().statusCode(404);
        as(MANAGER).get("/api/v1/rollouts/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);

        UUID rollout = VendorApi.rollout(product, "1.0.0", null);
        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/launch").then().statusCode(404)
                .contentType(PROBLEM);
        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/pause").then().statusCode(409)
                .contentType(PROBLEM);
        as(MANAGER).body(Map.of("reason", "x".repeat(2001))).post("/api/v1/rollouts/" + rollout + "/start")
                .then().statusCode(422).contentType(PROBLEM);
        as(MANAGER).get("/api/v1/rollouts/" + rollout).then().body("state", equalTo("scheduled"));
    }
}
