package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reported success counts only once the device checks in running the new version; a device that reports
 * success and comes back on the old version (an A/B fallback) counts as reverted, a failure.
 */
@QuarkusTest
class RevertedInstallTest {

    @Test
    void successesCountOnceConfirmedAndFallbacksCountAsReverted() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("reverted");
        Map<String, Object> ring = VendorApi.ring("all", "1", 0.2);
        ring.put("minSoak", "PT24H");
        String product = VendorApi.product("reverted", new ArrayList<>(List.of(ring)));
        tenant.followsRolloutsAtOnce(product);
        List<Agent> fleet = tenant.enroll("dev", 12, product, "1.0.0");
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();

        fleet.forEach(agent -> assertThat(agent.checkInAndReportSuccess()).isEqualTo("2.0.0"));
        TimeMachine.tick();
        JsonPath reported = VendorApi.get(rollout);
        assertThat(reported.getInt("rings[0].health.unconfirmed")).as("reported, not yet seen running it").isEqualTo(12);
        assertThat(reported.getInt("rings[0].health.succeeded")).isZero();

        // Half come back from the reboot on the new version, half fell back to the old slot.
        List<Agent> confirmed = fleet.subList(0, 6);
        List<Agent> fellBack = fleet.subList(6, 12);
        fellBack.forEach(agent -> agent.runs(product, "1.0.0"));
        TimeMachine.advance(Duration.ofMinutes(2));
        fleet.forEach(Agent::checkIn);
        TimeMachine.tick();

        JsonPath judged = VendorApi.get(rollout);
        assertThat(judged.getInt("rings[0].health.succeeded")).as(judged.prettify()).isEqualTo(6);
        assertThat(judged.getInt("rings[0].health.reverted")).isEqualTo(6);
        assertThat(judged.getInt("rings[0].health.unconfirmed")).isZero();
        // 6 failures in 12 finished: the Wilson lower bound (25 %) is above the 20 % threshold.
        assertThat(judged.getString("state")).isEqualTo("halted");
        assertThat(confirmed.getFirst().checkIn().getString("decision")).isEqualTo("wait");
    }
}
