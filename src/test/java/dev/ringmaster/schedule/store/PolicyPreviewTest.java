package dev.ringmaster.schedule.store;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Previews of draft policies through the API: counts per day, moves, validation, and only the caller's devices.
 * The release's only ring opens when the class starts, on the service's clock, so the days shown are always
 * counted from that opening.
 */
@QuarkusTest
class PolicyPreviewTest {

    private static TestTenant tenant;
    private static TestTenant otherTenant;
    private static String product;
    private static final int DEVICES = 3;

    /** Once per class, inside the first test (the service and its clock run by then). */
    private static synchronized void runningRelease() {
        if (product != null) {
            return;
        }
        TimeMachine.freeze();
        tenant = TestTenant.create("preview", "Europe/Berlin");
        otherTenant = TestTenant.create("preview-other");
        String productKey = VendorApi.product("preview", List.of(VendorApi.ring("all", "1", 0.5)));
        String key = Api.enrollmentKey(tenant.admin(), DEVICES);
        Agent.enroll(key, "preview-ber-gw-001", "Europe/Berlin", productKey, "0.9.0");
        Agent.enroll(key, "preview-ber-gw-002", null, productKey, "0.9.0");
        Agent.enroll(key, "preview-nyc-gw-001", "America/New_York", productKey, "0.9.0");
        String otherKey = Api.enrollmentKey(otherTenant.admin(), 2);
        Agent.enroll(otherKey, "other-gw-001", null, productKey, "0.9.0");
        Agent.enroll(otherKey, "other-gw-002", null, productKey, "0.9.0");
        VendorApi.publish(productKey, "1.0.0");
        VendorApi.act(VendorApi.rollout(productKey, "1.0.0", null), "start", "preview test");
        TimeMachine.tick();
        product = productKey;
    }

    @Test
    void aLongerDeferralMovesEveryDeviceLaterWithoutSavingAnything() {
        runningRelease();
        tenant.followsRolloutsAtOnce(product);

        JsonPath preview = tenant.api().body(Map.of("mode", "automatic", "deferral", "PT2000H"))
                .post("/api/v1/policies/" + product + "/preview")
                .then().statusCode(200)
                .body("release.version", equalTo("1.0.0"))
                .body("timeZone", equalTo("Europe/Berlin"))
                .extract().jsonPath();
        assertThat(preview.getLong("devices")).isEqualTo(DEVICES);
        assertThat(preview.getList("days")).hasSize(PolicyPreviews.DAYS);
        // 83 days of deferral after the ring opened today: nobody within the 30 days shown.
        assertThat(preview.getList("days.devices", Long.class)).allMatch(count -> count == 0);
        assertThat(preview.getLong("later")).isEqualTo(DEVICES);
        assertThat(preview.getLong("moves.later")).isEqualTo(DEVICES);
        assertThat(preview.getLong("moves.earlier")).isZero();
        assertThat(preview.getList("moves.devices.externalId", String.class)).contains("preview-ber-gw-001")
                .allMatch(id -> id.startsWith("preview-"));

        // The same policy as saved: every device on the first day shown, nothing moves.
        JsonPath same = as(tenant.user("tenant-operator")).body(Map.of("mode", "automatic", "deferral", "PT0S"))
                .post("/api/v1/policies/" + product + "/preview").then().statusCode(200).extract().jsonPath();
        assertThat(same.getLong("days[0].devices")).isEqualTo(DEVICES);
        assertThat(same.getLong("moves.unchanged")).isEqualTo(DEVICES);

        as(tenant.user("tenant-viewer")).get("/api/v1/policies/" + product).then().statusCode(200)
                .body("deferral", equalTo("PT0S"));
    }

    @Test
    void aDraftIsValidatedLikeAPut() {
        runningRelease();
        tenant.api().body(Map.of("mode", "automatic", "pilot", Map.of("groups", List.of("no-such-group")),
                        "maintenanceWindows", List.of(Map.of("days", List.of("MONDAY"), "start", "01:00", "duration", "PT0S"))))
                .post("/api/v1/policies/" + product + "/preview")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("pilot.groups"))
                .body("errors.field", hasItem("maintenanceWindows[0].duration"));
        as(otherTenant.user("tenant-viewer")).body(Map.of("mode", "automatic")).post("/api/v1/policies/" + product + "/preview")
                .then().statusCode(403);
        tenant.api().body(Map.of("mode", "automatic")).post("/api/v1/policies/no-such-product/preview")
                .then().statusCode(404);
    }

    @Test
    void aTenantPreviewsOnlyItsOwnDevices() {
        runningRelease();
        JsonPath other = otherTenant.api().body(Map.of("mode", "automatic", "deferral", "PT2000H"))
                .post("/api/v1/policies/" + product + "/preview").then().statusCode(200).extract().jsonPath();
        assertThat(other.getLong("devices")).isEqualTo(2);
        assertThat(other.getList("moves.devices.externalId", String.class)).containsExactly("other-gw-001", "other-gw-002");
    }
}
