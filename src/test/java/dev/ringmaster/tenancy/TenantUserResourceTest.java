package dev.ringmaster.tenancy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** A tenant admin manages its own people in Keycloak, and only its own. */
@QuarkusTest
class TenantUserResourceTest {

    @Test
    void listsTheTenantsMembersWithTheirRoles() {
        as("acme-admin").get("/api/v1/users")
                .then().statusCode(200)
                .body("username", hasItems("acme-admin", "acme-operator", "acme-viewer"))
                .body("username", not(hasItem("globex-admin")))
                .body("find { it.username == 'acme-viewer' }.role", equalTo("tenant-viewer"));
    }

    @Test
    void inviteChangeRoleDisableEnable() {
        String id = as("globex-admin").body(Map.of("username", "globex-newhire", "email", "newhire@globex.example",
                        "firstName", "Nia", "lastName", "Reyes", "role", "tenant-viewer"))
                .post("/api/v1/users")
                .then().statusCode(201)
                .body("user.role", equalTo("tenant-viewer"))
                .body("user.username", equalTo("globex-newhire@globex"))
                .body("temporaryPassword", notNullValue())
                .extract().path("user.id");

        as("globex-admin").body(Map.of("role", "tenant-operator")).put("/api/v1/users/" + id + "/role")
                .then().statusCode(200).body("role", equalTo("tenant-operator"));
        as("globex-admin").post("/api/v1/users/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        as("globex-admin").get("/api/v1/users").then().body("find { it.id == '" + id + "' }.enabled", equalTo(false));
        as("globex-admin").post("/api/v1/users/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        as("globex-admin").get("/api/v1/audit")
                .then().body("action", hasItems("user.invite", "user.role", "user.disable", "user.enable"));
    }

    @Test
    void anotherTenantsUsersAreOutOfReach() {
        String acmeViewer = as("acme-admin").get("/api/v1/users").then().extract().path("find { it.username == 'acme-viewer' }.id");

        as("globex-admin").post("/api/v1/users/" + acmeViewer + "/disable").then().statusCode(404);
        as("globex-admin").body(Map.of("role", "tenant-admin")).put("/api/v1/users/" + acmeViewer + "/role").then().statusCode(404);
        as("acme-admin").get("/api/v1/users")
                .then().body("find { it.username == 'acme-viewer' }.enabled", equalTo(true))
                .body("find { it.username == 'acme-viewer' }.role", equalTo("tenant-viewer"));
    }

    @Test
    void onlyTenantRolesAndOnlyAdmins() {
        as("initech-admin").body(Map.of("username", "initech-climber", "email", "c@initech.example",
                        "firstName", "C", "lastName", "L", "role", "vendor-admin"))
                .post("/api/v1/users").then().statusCode(422).body("errors[0].field", equalTo("role"));
        as("initech-viewer").get("/api/v1/users").then().statusCode(403);
        as("initech-viewer").body(Map.of("username", "initech-v2", "email", "v2@initech.example",
                "firstName", "V", "lastName", "W", "role", "tenant-viewer")).post("/api/v1/users").then().statusCode(403);
        as("initech-admin").get("/api/v1/users").then().body("username", not(hasItem("initech-climber")));
    }
}
