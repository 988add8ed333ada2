package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout stopped while devices are mid-install reaches them: a DDI device gets {@code cancelAction} and its
 * confirmation ends the action as cancelled, a native device is told {@code decision: cancel}, and a success
 * reported after the stop does not count for the stopped rollout.
 */
@QuarkusTest
class StoppedRolloutCancelTest {

    private static String product() {
        // One ring for every device: both devices are offered at the start.
        return VendorApi.product("cancel", new ArrayList<>(List.of(VendorApi.ring("all", "1", 0.5))));
    }

    private static UUID started(TestTenant tenant, String product) {
        tenant.followsRolloutsAtOnce(product);
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();
        return rollout;
    }

    private static List<Map<String, Object>> history(TestTenant tenant, UUID device) {
        return tenant.api().get("/api/v1/devices/" + device + "/events").then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void anAbortMidDownloadCancelsTheInstallOnDdiAndNativeDevicesAndALateSuccessDoesNotCount() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("cancel");
        String product = product();
        String key = Api.enrollmentKey(tenant.admin(), 3);
        DdiAgent ddi = DdiAgent.enroll(tenant.id(), key, "ddi-1", product, "1.0.0");
        DdiAgent stubborn = DdiAgent.enroll(tenant.id(), key, "ddi-2", product, "1.0.0");
        Agent nativeAgent = Agent.enroll(key, "native-1", null, product, "1.0.0");
        UUID rollout = started(tenant, product);

        // All three are mid-download.
        ddi.poll();
        long ddiAction = ddi.deploymentAction();
        assertThat(ddi.deployment(ddiAction).statusCode()).isEqualTo(200);
        assertThat(ddi.feedback(ddiAction, "download", "none")).isEqualTo(200);
        stubborn.poll();
        long stubbornAction = stubborn.deploymentAction();
        assertThat(stubborn.feedback(stubbornAction, "download", "none")).isEqualTo(200);
        nativeAgent.checkIn();
        assertThat(nativeAgent.offered()).isEqualTo("2.0.0");
        long nativeAction = nativeAgent.actionId();
        assertThat(nativeAgent.report("downloading")).isEqualTo(201);

        VendorApi.act(rollout, "abort", "bad build");
        // The windows of the aborted rollout are recomputed away; the open actions must still be cancelled.
        TimeMachine.advance(Duration.ofMinutes(10), Duration.ofMinutes(5));

        JsonPath poll = ddi.poll();
        assertThat(ddi.cancelledAction()).as("%s", poll.prettify()).isEqualTo(ddiAction);
        assertThat(ddi.link("deploymentBase")).isNull();
        assertThat(poll.getString("config.polling.sleep")).isNotNull();
        ddi.cancelAction(ddiAction).then().statusCode(200).body("cancelAction.stopId",
                org.hamcrest.Matchers.equalTo(String.valueOf(ddiAction)));
        assertThat(ddi.cancelFeedback(ddiAction, "closed", "success", "download stopped")).isEqualTo(200);
        // Cancelled: the install's own success is refused, the cancellation is over, nothing more is linked.
        assertThat(ddi.feedback(ddiAction, "closed", "success")).isEqualTo(410);
        ddi.cancelAction(ddiAction).then().statusCode(410);
        ddi.poll();
        assertThat(ddi.cancelledAction()).isNull();
        assertThat(history(tenant, ddi.id())).extracting(event -> event.get("kind")).contains("cancelled");

        // A device that rejects the cancellation goes on installing; the rejection is in its history.
        stubborn.poll();
        assertThat(stubborn.cancelledAction()).isEqualTo(stubbornAction);
        assertThat(stubborn.cancelFeedback(stubbornAction, "rejected", "none", "too late to stop")).isEqualTo(200);
        assertThat(history(tenant, stubborn.id())).anySatisfy(event -> {
            assertThat(event.get("kind")).isEqualTo("rejected");
            assertThat(event.get("detail")).isEqualTo("too late to stop");
        });
        stubborn.poll();
        assertThat(stubborn.cancelledAction()).as("still being cancelled").isEqualTo(stubbornAction);
        assertThat(stubborn.feedback(stubbornAction, "closed", "success")).isEqualTo(200);

        // The native device is told to cancel the action it is at.
        nativeAgent.checkIn();
        assertThat(nativeAgent.decision()).isEqualTo("cancel");
        assertThat(nativeAgent.cancelledAction()).isEqualTo(nativeAction);
        // It finishes anyway: its success is kept, but not for the aborted rollout.
        assertThat(nativeAgent.report(nativeAction, "succeeded")).isEqualTo(201);
        nativeAgent.checkIn();
        assertThat(nativeAgent.decision()).isEqualTo("wait");

        for (UUID device : List.of(nativeAgent.id(), stubborn.id())) {
            assertThat(history(tenant, device)).filteredOn(event -> "succeeded".equals(event.get("kind")))
                    .singleElement().satisfies(event -> assertThat(event.get("rolloutId")).isNull());
        }
        assertThat(VendorApi.get(rollout).getInt("rings[0].health.succeeded")).isZero();
    }

    @Test
    void anEmergencyStopCancelsTheInstallAndASuccessAfterItDoesNotCountInTheRing() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("estop");
        String product = product();
        String key = Api.enrollmentKey(tenant.admin(), 2);
        DdiAgent ddi = DdiAgent.enroll(tenant.id(), key, "ddi-1", product, "1.0.0");
        Agent nativeAgent = Agent.enroll(key, "native-1", null, product, "1.0.0");
        UUID rollout = started(tenant, product);
        ddi.poll();
        long ddiAction = ddi.deploymentAction();
        assertThat(ddi.feedback(ddiAction, "proceeding", "none", "installing")).isEqualTo(200);
        nativeAgent.checkIn();
        long nativeAction = nativeAgent.actionId();
        assertThat(nativeAgent.report("installing")).isEqualTo(201);

        VendorApi.act(rollout, "emergency-stop", "field reports");
        TimeMachine.tick();

        ddi.poll();
        assertThat(ddi.cancelledAction()).isEqualTo(ddiAction);
        nativeAgent.checkIn();
        assertThat(nativeAgent.cancelledAction()).isEqualTo(nativeAction);
        // Both finish before they hear of it: neither success counts for the halted ring.
        assertThat(ddi.feedback(ddiAction, "closed", "success")).isEqualTo(200);
        assertThat(nativeAgent.report(nativeAction, "succeeded")).isEqualTo(201);
        TimeMachine.tick();
        JsonPath view = VendorApi.get(rollout);
        assertThat(view.getString("state")).isEqualTo("halted");
        assertThat(view.getInt("rings[0].health.succeeded")).as("%s", view.prettify()).isZero();
    }
}
