package dev.ringmaster.device;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.RolloutStage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * An enrolled device's id cannot be taken over by whoever holds an enrollment key of its tenant: enrolling it again
 * needs its current token or a tenant admin's re-provisioning, and a key can be held to device-id patterns.
 */
@QuarkusTest
class DeviceTakeoverTest {

    private static RolloutStage stage;

    @BeforeEach
    void stage() {
        // RestAssured learns the test port per test, so the stage is built on the first one.
        if (stage == null) {
            stage = RolloutStage.open("takeover", 1);
        }
    }

    @Test
    void anotherValidKeyCannotTakeOverAnEnrolledDevice() {
        Agent device = stage.enroll("takeover-victim");
        assertThat(device.checkIn().getString("decision")).isEqualTo("install");
        assertThat(device.offered()).isEqualTo(stage.version());

        enroll(key(5), "takeover-victim", null)
                .statusCode(409).contentType("application/problem+json");

        assertThat(device.checkIn().getString("decision")).isEqualTo("install");
        assertThat(device.offered()).isEqualTo(stage.version());
        self(device.token()).statusCode(200).body("deviceId", equalTo("takeover-victim"));
        stage.tenant().api().get("/api/v1/audit").then().statusCode(200)
                .body("findAll { it.targetId == '" + device.id() + "' }.action", not(hasItem("device.re-enroll")));
    }

    @Test
    void aTokenOfAnotherDeviceIsNoProof() {
        Agent victim = stage.enroll("takeover-victim-2");
        Agent attacker = stage.enroll("takeover-attacker");

        enroll(key(1), "takeover-victim-2", attacker.token())
                .statusCode(409).contentType("application/problem+json");

        self(victim.token()).statusCode(200).body("deviceId", equalTo("takeover-victim-2"));
    }

    @Test
    void theDeviceReEnrollsWithItsCurrentToken() {
        Agent device = stage.enroll("takeover-reinstalled");

        String fresh = enroll(key(1), "takeover-reinstalled", device.token())
                .statusCode(201).extract().path("token");

        self(device.token()).statusCode(401);
        self(fresh).statusCode(200).body("deviceId", equalTo("takeover-reinstalled"));
    }

    @Test
    void aTenantAdminsReProvisioningAllowsOneEnrollmentAndIsAudited() {
        Agent device = stage.enroll("takeover-replaced-board");

        stage.tenant().api().post("/api/v1/devices/" + device.id() + "/reprovision")
                .then().statusCode(200).body("reprovisionUntil", org.hamcrest.Matchers.notNullValue());
        stage.tenant().api().get("/api/v1/audit").then().statusCode(200)
                .body("find { it.action == 'device.reprovision' }.targetId", equalTo(device.id().toString()))
                .body("find { it.action == 'device.reprovision' }.actor", equalTo(stage.tenant().admin()));

        String fresh = enroll(key(2), "takeover-replaced-board", null)
                .statusCode(201).extract().path("token");
        self(fresh).statusCode(200);
        self(device.token()).statusCode(401);

        enroll(key(1), "takeover-replaced-board", null).statusCode(409).contentType("application/problem+json");
        self(fresh).statusCode(200);
    }

    @Test
    void onlyTenantAdminsReProvision() {
        Agent device = stage.enroll("takeover-operator-tries");
        String operator = stage.tenant().user("tenant-operator");

        Api.as(operator).post("/api/v1/devices/" + device.id() + "/reprovision")
                .then().statusCode(403).contentType("application/problem+json");

        enroll(key(1), "takeover-operator-tries", null).statusCode(409);
    }

    @Test
    void aScopedKeyEnrollsOnlyIdsInsideItsPatterns() {
        String secret = stage.tenant().api()
                .body(Map.of("name", "dock scanners", "validFor", "PT1H", "maxUses", 5,
                        "deviceIdPatterns", List.of("scanner-*", "dock-??")))
                .post("/api/v1/enrollment-keys")
                .then().statusCode(201)
                .body("key.deviceIdPatterns", contains("scanner-*", "dock-??"))
                .extract().path("secret");

        enroll(secret, "scanner-hh-7", null).statusCode(201);
        enroll(secret, "dock-12", null).statusCode(201);
        enroll(secret, "dock-123", null).statusCode(403).contentType("application/problem+json");
        enroll(secret, "printer-1", null).statusCode(403).contentType("application/problem+json");

        stage.tenant().api().queryParam("q", "printer-1").get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(0));
        stage.tenant().api().get("/api/v1/enrollment-keys")
                .then().statusCode(200).body("find { it.name == 'dock scanners' }.uses", equalTo(2));
    }

    @Test
    void malformedPatternsAreRefused() {
        stage.tenant().api()
                .body(Map.of("name", "bad scope", "validFor", "PT1H", "maxUses", 5, "deviceIdPatterns", List.of("scanner/*")))
                .post("/api/v1/enrollment-keys")
                .then().statusCode(422).contentType("application/problem+json");
    }

    private static String key(int uses) {
        return Api.enrollmentKey(stage.tenant().admin(), uses);
    }

    private static ValidatableResponse enroll(String key, String deviceId, String currentToken) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (currentToken != null) {
            request = request.header("Authorization", "TargetToken " + currentToken);
        }
        return request.body(Map.of("enrollmentKey", key, "deviceId", deviceId, "installed", Map.of(stage.product(), "1.0.0")))
                .post("/api/device/v1/enroll").then();
    }

    private static ValidatableResponse self(String token) {
        return given().header("Authorization", "TargetToken " + token).get("/api/device/v1/self").then();
    }
}
