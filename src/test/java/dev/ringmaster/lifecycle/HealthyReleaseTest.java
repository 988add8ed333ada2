package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A healthy release goes through every ring, and each device is offered it only once its ring opened. */
@QuarkusTest
class HealthyReleaseTest {

    @Test
    @SuppressWarnings("unchecked")
    void aHealthyReleaseReachesEveryDeviceRingByRing() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("healthy");
        // A 90 % threshold: the Wilson upper bound of 0 failures out of 1 finished device (79 %) is under it, so one
        // finished device is enough, however few of the 40 the buckets put in the canary. (At 50 %, as this test had,
        // a canary of three healthy devices could never pass: 0 of 3 bounds at 56 %, and the buckets put three or
        // fewer of 40 devices in a 20 % canary about one run in thirty.)
        List<Map<String, Object>> rings = new ArrayList<>();
        for (String[] ring : new String[][] {{"canary", "0.2"}, {"early", "0.5"}, {"broad", "1"}}) {
            Map<String, Object> plan = VendorApi.ring(ring[0], ring[1], 0.9);
            ((Map<String, Object>) plan.get("gate")).put("minFinished", 1);
            rings.add(plan);
        }
        String product = VendorApi.product("healthy", rings);
        tenant.followsRolloutsAtOnce(product);
        String key = Api.enrollmentKey(tenant.admin(), 40);
        List<Agent> fleet = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fleet.add(Agent.enroll(key, "dev-" + i, null, product, "1.0.0"));
        }
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();

        // Every device polls every ten minutes; the updated count is taken each hour.
        List<Integer> updatedPerHour = new ArrayList<>();
        for (int poll = 0; poll < 36 && !"completed".equals(VendorApi.state(rollout)); poll++) {
            fleet.forEach(Agent::checkInAndInstall);
            if (poll % 6 == 0) {
                updatedPerHour.add((int) fleet.stream().filter(agent -> "2.0.0".equals(agent.installed(product))).count());
            }
            TimeMachine.advance(Duration.ofMinutes(10));
        }
        fleet.forEach(Agent::checkInAndInstall);

        assertThat(VendorApi.state(rollout)).as("%s %s", updatedPerHour, VendorApi.get(rollout).prettify()).isEqualTo("completed");
        assertThat(fleet).allSatisfy(agent -> assertThat(agent.installed(product)).isEqualTo("2.0.0"));
        assertThat(updatedPerHour.getFirst()).as("canary only, %s", updatedPerHour).isBetween(1, 20);
    }
}
