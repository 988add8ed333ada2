package dev.ringmaster.tenancy;

import dev.ringmaster.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.not;

/** Vendor admins create tenants, provisioned for real in Keycloak, and rename, suspend and resume them. */
@QuarkusTest
class TenantLifecycleTest {

    private static Map<String, Object> tenant(String id, String adminUsername) {
        return Map.of("id", id, "name", "Tenant " + id, "timeZone", "Europe/Paris",
                "admin", Map.of("username", adminUsername, "email", adminUsername + "@umbrella.example",
                        "firstName", "Alice", "lastName", "Abernathy"));
    }

    @Test
    void creatingATenantProvisionsItsOrganizationAndFirstAdmin() {
        String temporaryPassword = as("vera.vendor").body(tenant("umbrella", "umbrella-admin")).post("/api/v1/tenants")
                .then().statusCode(201)
                .body("tenant.id", equalTo("umbrella"))
                .body("tenant.status", equalTo("active"))
                .body("admin.username", equalTo("umbrella-admin"))
                .body("admin.temporaryPassword", hasLength(24))
                .extract().path("admin.temporaryPassword");

        as("val.viewer").get("/api/v1/tenants").then().body("id", hasItem("umbrella"));
        // The first admin exists in Keycloak with that temporary password, which must be changed before any token.
        given().formParam("grant_type", "password").formParam("client_id", "ringmaster-cli")
                .formParam("username", "umbrella-admin").formParam("password", temporaryPassword)
                .post(Tokens.issuer() + "/protocol/openid-connect/token")
                .then().statusCode(400)
                .body("error_description", equalTo("Account is not fully set up"));
        as("vera.vendor").queryParam("tenant", "umbrella").get("/api/v1/audit")
                .then().body("action", hasItem("tenant.create"))
                .body("find { it.action == 'tenant.create' }.actor", equalTo("vera.vendor"));

        as("vera.vendor").body(tenant("umbrella", "umbrella-admin-2")).post("/api/v1/tenants")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void renameSuspendResume() {
        as("vera.vendor").body(tenant("wayne-ent", "wayne-admin")).post("/api/v1/tenants").then().statusCode(201);

        as("vera.vendor").body(Map.of("name", "Wayne Enterprises")).patch("/api/v1/tenants/wayne-ent")
                .then().statusCode(200).body("name", equalTo("Wayne Enterprises")).body("timeZone", equalTo("Europe/Paris"));
        as("vera.vendor").post("/api/v1/tenants/wayne-ent/suspend").then().statusCode(200).body("status", equalTo("suspended"));
        as("vera.vendor").post("/api/v1/tenants/wayne-ent/resume").then().statusCode(200).body("status", equalTo("active"));
        as("vera.vendor").queryParam("tenant", "wayne-ent").get("/api/v1/audit")
                .then().body("action", hasItem("tenant.suspend")).body("action", hasItem("tenant.resume"));
    }

    @Test
    void onlyVendorAdminsManageTenants() {
        for (String user : new String[] {"rick.release", "val.viewer", "acme-admin"}) {
            as(user).body(tenant("sneaky-" + user.replace('.', '-'), "sneaky")).post("/api/v1/tenants")
                    .then().statusCode(403).contentType("application/problem+json");
            as(user).post("/api/v1/tenants/globex/suspend").then().statusCode(403);
        }
        as("vera.vendor").get("/api/v1/tenants").then().body("id", not(hasItem("sneaky-rick-release")));
        as("val.viewer").get("/api/v1/tenants/globex").then().body("status", equalTo("active"));
    }

    @Test
    void invalidTenantsAreRefusedBeforeKeycloakIsTouched() {
        as("vera.vendor").body(Map.of("id", "Bad Id", "name", "x", "timeZone", "UTC",
                        "admin", Map.of("username", "x1", "email", "x1@example.com", "firstName", "X", "lastName", "Y")))
                .post("/api/v1/tenants").then().statusCode(422).body("errors[0].field", equalTo("id"));
        as("vera.vendor").body(Map.of("id", "mars-base", "name", "Mars", "timeZone", "Mars/Olympus",
                        "admin", Map.of("username", "mars-admin", "email", "m@mars.example", "firstName", "M", "lastName", "B")))
                .post("/api/v1/tenants").then().statusCode(422).body("errors[0].field", equalTo("timeZone"));
        as("vera.vendor").body(Map.of("id", "no-admin", "name", "No admin", "timeZone", "UTC"))
                .post("/api/v1/tenants").then().statusCode(422).body("errors.field", hasItem("admin"));
        as("vera.vendor").get("/api/v1/tenants").then().body("id", not(hasItem("mars-base")));
    }
}
