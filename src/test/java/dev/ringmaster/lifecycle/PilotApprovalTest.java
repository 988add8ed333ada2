package dev.ringmaster.lifecycle;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approval for pilots first (docs/policies.md, "Approvals"): before any decision every device is told it waits for
 * an approval (pilots) or the pilot gate (the others); a pilots-only approval lets the pilots install while the
 * others wait for the gate and then for the full approval, after which they install too.
 */
@QuarkusTest
class PilotApprovalTest {

    @Test
    void aPilotsOnlyApprovalLetsPilotsInstallAndTheOthersWait() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("pilot-approval");
        String product = VendorApi.product("pilot-approval", List.of(VendorApi.ring("all", "1", 0.5)));
        String pilots = PilotFlagRemovalTest.group(tenant, "pilots");
        String key = Api.enrollmentKey(tenant.admin(), 2);
        Agent pilot = Agent.enroll(key, "pilot-1", null, product, "1.0.0");
        Agent other = Agent.enroll(key, "other-1", null, product, "1.0.0");
        PilotFlagRemovalTest.members(tenant, pilots, pilot);
        tenant.api().body(Map.of("mode", "approval", "deferral", "PT0S", "pilot", Map.of("groups", List.of("pilots"),
                        "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0, "soak", "PT0S"))))
                .put("/api/v1/policies/" + product).then().statusCode(200);
        VendorApi.publish(product, "2.0.0");
        VendorApi.act(VendorApi.rollout(product, "2.0.0", null), "start", "pilot approval test");
        TimeMachine.tick();

        pilot.checkIn();
        assertThat(pilot.waitReason()).as("pilot before any decision").isEqualTo("approval-pending");
        other.checkIn();
        assertThat(other.waitReason()).as("non-pilot before any decision").isEqualTo("pilot-gate");

        tenant.api().body(Map.of("pilotOnly", true)).post("/api/v1/approvals/" + product + "/2.0.0/approve")
                .then().statusCode(200);
        pilot.checkInUntil(agent -> agent.offered() != null);
        assertThat(pilot.offered()).as("pilot after a pilots-only approval: %s", pilot.waitReason()).isEqualTo("2.0.0");
        pilot.report("downloading");
        pilot.report("installing");
        pilot.report("succeeded");
        pilot.runs(product, "2.0.0");
        // A reported success alone moves nothing: the non-pilot still waits for the pilot gate.
        other.checkIn();
        assertThat(other.waitReason()).as("pilot reported success, not yet back on 2.0.0").isEqualTo("pilot-gate");

        // Back from the reboot a minute later running 2.0.0: its success counts and the gate moves at once
        // (minSucceeded 1, no soak); the non-pilot still waits, now for the approval, which was for pilots only.
        TimeMachine.advance(Duration.ofMinutes(1));
        CacheGenerations generations = Arc.container().instance(CacheGenerations.class).get();
        CacheGenerations.Stamp rowsBefore = generations.stamp(tenant.id(), CacheGenerations.Kind.ROWS);
        pilot.checkIn();
        // The change feed would name the non-pilot (its window changed) too, but only some time after the commit:
        // on a loaded machine its next check-in came first and was decided from the cached old window.
        assertThat(generations.current(rowsBefore, tenant.id()))
                .as("the devices' cached rows are forgotten before the pilot's confirming check-in is answered").isFalse();
        other.checkIn();
        assertThat(other.offered()).as("gate passed, but approved for pilots only").isNull();
        assertThat(other.waitReason()).isEqualTo("approval-pending");

        tenant.api().body(Map.of("pilotOnly", false)).post("/api/v1/approvals/" + product + "/2.0.0/approve")
                .then().statusCode(200);
        other.checkInUntil(agent -> agent.offered() != null);
        assertThat(other.offered()).as("non-pilot after the full approval: %s", other.waitReason()).isEqualTo("2.0.0");
    }
}
