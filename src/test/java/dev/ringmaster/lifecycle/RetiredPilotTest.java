package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retiring a failed pilot: the pilot gate counts the active pilots only, in the stored plan (what devices are
 * offered) exactly as in a preview of the saved policy, and the retirement replans the tenant at once.
 */
@QuarkusTest
class RetiredPilotTest {

    private static final Map<String, Object> POLICY = Map.of("mode", "automatic", "deferral", "PT0S", "pilot",
            Map.of("groups", List.of("pilots"), "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0, "soak", "PT0S")));

    @Test
    void retiringAFailedPilotOpensTheGateInTheStoredPlanAndThePreviewAlike() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("retired-pilot");
        String product = VendorApi.product("retired-pilot", List.of(VendorApi.ring("all", "1", 0.5)));
        String pilots = PilotFlagRemovalTest.group(tenant, "pilots");
        String key = Api.enrollmentKey(tenant.admin(), 3);
        Agent failing = Agent.enroll(key, "pilot-failing", null, product, "1.0.0");
        Agent healthy = Agent.enroll(key, "pilot-healthy", null, product, "1.0.0");
        Agent other = Agent.enroll(key, "other", null, product, "1.0.0");
        PilotFlagRemovalTest.members(tenant, pilots, failing, healthy);
        tenant.api().body(POLICY).put("/api/v1/policies/" + product).then().statusCode(200);
        VendorApi.publish(product, "2.0.0");
        VendorApi.act(VendorApi.rollout(product, "2.0.0", null), "start", "retired pilot test");
        TimeMachine.tick();

        failing.checkIn();
        assertThat(failing.offered()).isEqualTo("2.0.0");
        failing.report("downloading");
        failing.report("failed");
        assertThat(healthy.checkInAndReportSuccess()).isEqualTo("2.0.0");
        TimeMachine.advance(Duration.ofMinutes(10)); // the refresh reads the pilots' reports: one failed, gate closed
        healthy.checkIn(); // back from the reboot running 2.0.0: its success counts from now on
        other.checkInUntil(agent -> "pilot-gate".equals(agent.waitReason()));
        assertThat(other.waitReason()).isEqualTo("pilot-gate");
        assertThat(preview(tenant, product).getLong("moves.unchanged")).as("saved policy previewed: nothing moves").isEqualTo(3);

        tenant.api().post("/api/v1/devices/" + failing.id() + "/retire").then().statusCode(200);

        // No time passes and no refresh runs: the retirement replanned the tenant, without the retired pilot's failure.
        other.checkInUntil(agent -> agent.offered() != null);
        assertThat(other.offered()).as("after the failed pilot was retired: %s", other.waitReason()).isEqualTo("2.0.0");
        JsonPath preview = preview(tenant, product);
        assertThat(preview.getLong("devices")).isEqualTo(2);
        assertThat(preview.getLong("moves.unchanged")).as("the preview agrees with the stored plan").isEqualTo(2);
        assertThat(preview.getLong("blocked")).isZero();
    }

    private static JsonPath preview(TestTenant tenant, String product) {
        return tenant.api().body(POLICY).post("/api/v1/policies/" + product + "/preview")
                .then().statusCode(200).extract().jsonPath();
    }
}
