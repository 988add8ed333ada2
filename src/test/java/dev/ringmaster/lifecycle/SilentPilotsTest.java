package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.PilotFleet;
import dev.ringmaster.support.PilotGroups;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pilots that take a release and are never heard of again are failures to their tenant's pilot gate: the
 * reconciler records their silence once, in their history, and the tenant's other devices keep waiting. A silent
 * pilot that reports later counts by its report.
 */
@QuarkusTest
class SilentPilotsTest {

    @Test
    void silentPilotsKeepThePilotGateClosedUntilTheyReport() {
        PilotFleet fleet = PilotFleet.open("silent-pilots", 10, 5, 5, 0.1);
        String product = fleet.product();
        UUID rollout = fleet.rollout();
        List<Agent> pilots = fleet.pilots();
        List<Agent> others = fleet.others();

        List<Agent> healthy = pilots.subList(0, 5);
        List<Agent> bricked = pilots.subList(5, 10);
        Map<Agent, Long> actions = new HashMap<>();
        for (Agent pilot : pilots) {
            assertThat(pilot.checkIn().getString("decision")).isEqualTo("install");
            actions.put(pilot, pilot.actionId());
            assertThat(pilot.report("downloading")).isEqualTo(201);
        }
        others.forEach(Agent::checkIn);
        assertThat(others).allSatisfy(other -> assertThat(other.decision()).isEqualTo("wait"));

        // An hour in ten-minute steps: the bricked pilots never call again, everyone else keeps polling.
        for (int step = 0; step < 6; step++) {
            TimeMachine.advance(Duration.ofMinutes(10));
            healthy.forEach(Agent::checkIn);
            others.forEach(Agent::checkIn);
        }
        for (Agent pilot : healthy) {
            assertThat(pilot.report(actions.get(pilot), "installing")).isEqualTo(201);
            assertThat(pilot.report(actions.get(pilot), "succeeded")).isEqualTo(201);
            pilot.runs(product, "2.0.0");
        }
        // The periodic refresh runs on the way, so the gate has seen the five successes whatever else moved it.
        TimeMachine.advance(Duration.ofMinutes(10));
        healthy.forEach(Agent::checkIn);

        others.forEach(Agent::checkIn);
        assertThat(others).as("5 succeeded + 5 silent pilots must not pass a 10 %% gate")
                .allSatisfy(other -> assertThat(other.decision()).isEqualTo("wait"));
        assertThat(VendorApi.get(rollout).getInt("rings[0].health.silent")).isEqualTo(5);
        for (Agent pilot : bricked) {
            assertThat(PilotGroups.history(fleet.tenant(), pilot).getList("kind", String.class))
                    .as("one silent event however many passes saw it").containsOnlyOnce("silent");
        }
        assertThat(PilotGroups.history(fleet.tenant(), healthy.getFirst()).getList("kind", String.class)).doesNotContain("silent");

        // The bricked pilots come back and report success: their silence is superseded and the gate opens at once.
        for (Agent pilot : bricked) {
            assertThat(pilot.report(actions.get(pilot), "installing")).isEqualTo(201);
            assertThat(pilot.report(actions.get(pilot), "succeeded")).isEqualTo(201);
            pilot.runs(product, "2.0.0");
        }
        others.forEach(Agent::checkIn);
        assertThat(others).allSatisfy(other -> assertThat(other.offered()).isEqualTo("2.0.0"));
    }
}
