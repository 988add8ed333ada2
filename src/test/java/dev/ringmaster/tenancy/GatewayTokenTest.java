package dev.ringmaster.tenancy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.ringmaster.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The tenant-wide gateway token is off until an admin creates it, and per tenant. */
@QuarkusTest
class GatewayTokenTest {

    @Test
    void offByDefaultThenCreatedReplacedAndDeleted() {
        as("globex-viewer").get("/api/v1/gateway-token").then().statusCode(200).body("enabled", equalTo(false));

        String first = as("globex-admin").post("/api/v1/gateway-token")
                .then().statusCode(201).body("token", startsWith("rmg_")).extract().path("token");
        String second = as("globex-admin").post("/api/v1/gateway-token")
                .then().statusCode(201).extract().path("token");
        org.assertj.core.api.Assertions.assertThat(second).isNotEqualTo(first);
        as("globex-viewer").get("/api/v1/gateway-token").then().body("enabled", equalTo(true)).body("createdBy", equalTo("globex-admin"));
        // Another tenant's setting is its own.
        as("initech-viewer").get("/api/v1/gateway-token").then().body("enabled", equalTo(false));

        as("globex-viewer").post("/api/v1/gateway-token").then().statusCode(403);
        as("globex-admin").delete("/api/v1/gateway-token").then().statusCode(204);
        as("globex-viewer").get("/api/v1/gateway-token").then().body("enabled", equalTo(false));
        as("globex-admin").get("/api/v1/audit").then()
                .body("action", hasItem("gateway-token.create")).body("action", hasItem("gateway-token.delete"))
                .body("after.token", not(hasItem(first)));
    }
}
