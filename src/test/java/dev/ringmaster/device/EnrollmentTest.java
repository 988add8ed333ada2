package dev.ringmaster.device;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** Enrollment keys, device enrollment and device tokens, through the HTTP API. */
@QuarkusTest
class EnrollmentTest {

    @Test
    void aDeviceEnrollsWithAKeyAndThenUsesItsOwnToken() {
        String key = Api.enrollmentKey("acme-admin", 5);
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("enrollmentKey", key, "deviceId", "acme-enroll-001", "name", "Hamburg dock scanner",
                        "timeZone", "Europe/Berlin", "attributes", Map.of("site", "hamburg"), "installed", Map.of("agent", "4.1.2")))
                .post("/api/device/v1/enroll")
                .then().statusCode(201)
                .body("tenant", equalTo("acme"))
                .body("deviceId", equalTo("acme-enroll-001"))
                .body("token", startsWith("rmd_"))
                .extract().path("token");

        given().header("Authorization", "TargetToken " + token).get("/api/device/v1/self")
                .then().statusCode(200)
                .body("deviceId", equalTo("acme-enroll-001"))
                .body("tenant", equalTo("acme"))
                .body("installed.agent", equalTo("4.1.2"));
        as("acme-viewer").queryParam("q", "acme-enroll-001").get("/api/v1/devices")
                .then().statusCode(200)
                .body("items[0].name", equalTo("Hamburg dock scanner"))
                .body("items[0].enrolled", equalTo(true));
    }

    @Test
    void theSecretIsShownOnceAndNeverListed() {
        String secret = Api.enrollmentKey("globex-admin", 1);

        String listing = as("globex-viewer").get("/api/v1/enrollment-keys")
                .then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(listing).doesNotContain(secret).doesNotContain("keyHash");
    }

    @Test
    void aKeyStopsAtItsUseLimit() {
        String key = Api.enrollmentKey("globex-admin", 1);
        Api.enroll(key, "globex-limit-1");

        given().contentType(ContentType.JSON).body(Map.of("enrollmentKey", key, "deviceId", "globex-limit-2"))
                .post("/api/device/v1/enroll")
                .then().statusCode(401).contentType("application/problem+json");
        as("globex-admin").queryParam("q", "globex-limit-2").get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aRevokedKeyEnrollsNothing() {
        String key = Api.enrollmentKey("initech-admin", 10);
        String keyId = as("initech-admin").get("/api/v1/enrollment-keys")
                .then().statusCode(200).extract().path("[0].id");

        as("initech-admin").post("/api/v1/enrollment-keys/" + keyId + "/revoke")
                .then().statusCode(200).body("revokedAt", notNullValue());

        given().contentType(ContentType.JSON).body(Map.of("enrollmentKey", key, "deviceId", "initech-revoked-1"))
                .post("/api/device/v1/enroll")
                .then().statusCode(401);
        as("initech-admin").get("/api/v1/audit")
                .then().statusCode(200)
                .body("action", hasItem("enrollment-key.revoke"));
    }

    @Test
    void anEnrolledDeviceHasItsReleaseWindowsWithoutWaitingForThePeriodicRefresh() {
        // The samples run an agent rollout; the periodic refresh is off in tests, so only enrollment can plan these.
        Api.enroll(Api.enrollmentKey("acme-admin", 1), "acme-enroll-windows");
        String id = Api.deviceId("acme-admin", "acme-enroll-windows");

        as("acme-admin").get("/api/v1/devices/" + id + "/windows")
                .then().statusCode(200).body("product", hasItem("agent"));
    }

    @Test
    void retiringADeviceKillsItsTokenAtOnce() {
        String token = Api.enroll(Api.enrollmentKey("acme-admin", 1), "acme-retire-me");
        given().header("Authorization", "TargetToken " + token).get("/api/device/v1/self").then().statusCode(200);

        as("acme-admin").post("/api/v1/devices/" + Api.deviceId("acme-admin", "acme-retire-me") + "/retire")
                .then().statusCode(200).body("status", equalTo("retired")).body("enrolled", equalTo(false));

        given().header("Authorization", "TargetToken " + token).get("/api/device/v1/self")
                .then().statusCode(401).header("WWW-Authenticate", "TargetToken");
    }

    @Test
    void reEnrollingWithTheCurrentTokenReplacesIt() {
        String key = Api.enrollmentKey("acme-admin", 2);
        String first = Api.enroll(key, "acme-reinstalled");
        String second = given().contentType(ContentType.JSON).header("Authorization", "TargetToken " + first)
                .body(Map.of("enrollmentKey", key, "deviceId", "acme-reinstalled"))
                .post("/api/device/v1/enroll")
                .then().statusCode(201).extract().path("token");

        given().header("Authorization", "TargetToken " + first).get("/api/device/v1/self").then().statusCode(401);
        given().header("Authorization", "TargetToken " + second).get("/api/device/v1/self").then().statusCode(200);
    }

    @Test
    void deviceRequestsWithoutAValidTokenAre401() {
        given().get("/api/device/v1/self").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "TargetToken rmd_not-a-real-token").get("/api/device/v1/self").then().statusCode(401);
        // A user's bearer token is not a device credential.
        given().auth().oauth2(Tokens.of("acme-admin")).get("/api/device/v1/self").then().statusCode(401);
    }

    @Test
    void onlyTenantAdminsCreateKeys() {
        as("acme-viewer").body(Map.of("name", "sneaky", "validFor", "PT1H", "maxUses", 1))
                .post("/api/v1/enrollment-keys").then().statusCode(403).contentType("application/problem+json");
        as("rick.release").body(Map.of("name", "vendor", "validFor", "PT1H", "maxUses", 1))
                .post("/api/v1/enrollment-keys").then().statusCode(403);
        as("acme-admin").body(Map.of("name", "too long", "validFor", "P400D", "maxUses", 1))
                .post("/api/v1/enrollment-keys").then().statusCode(422)
                .body("errors[0].field", equalTo("validFor"));
    }
}
