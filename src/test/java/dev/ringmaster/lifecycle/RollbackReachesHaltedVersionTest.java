package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release halts in its canary ring and is rolled back: every device that runs the halted version gets the rollback
 * release, ring by ring of the rollback's own rollout; devices that never installed the halted version are not moved.
 */
@QuarkusTest
class RollbackReachesHaltedVersionTest {

    private static final int DEVICES = 30;

    @Test
    void theRollbackReachesExactlyTheDevicesOnTheHaltedVersionRingByRing() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("rollback");
        String product = VendorApi.product("rollback", new ArrayList<>(List.of(VendorApi.ring("canary", "0.2", 0.5),
                VendorApi.ring("early", "0.5", 0.5), VendorApi.ring("broad", "1", 0.5))));
        tenant.followsRolloutsAtOnce(product);
        String key = Api.enrollmentKey(tenant.admin(), DEVICES);
        List<Agent> fleet = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            fleet.add(Agent.enroll(key, "rb-" + i, null, product, "1.0.0"));
        }
        VendorApi.complete(product, "1.0.0");

        UUID bad = VendorApi.started(product, "1.1.0");
        TimeMachine.tick();
        fleet.forEach(Agent::checkInAndInstall);
        List<Agent> onBad = new ArrayList<>(fleet.stream().filter(agent -> "1.1.0".equals(agent.installed(product))).toList());
        assertThat(onBad).as("the canary ring installed the bad release").isNotEmpty().hasSizeLessThan(DEVICES / 2);
        // Three devices outside the canary run it too (installed by hand): the rollback must find them as well.
        fleet.stream().filter(agent -> !onBad.contains(agent)).limit(3).forEach(agent -> {
            agent.runs(product, "1.1.0");
            onBad.add(agent);
        });

        VendorApi.act(bad, "emergency-stop", "boot loop on model X");
        TimeMachine.tick();
        fleet.forEach(agent -> assertThat(agent.checkIn().getString("decision")).as(agent.externalId()).isEqualTo("wait"));

        JsonPath rollback = VendorApi.rollBack(bad, "boot loop on model X");
        String version = rollback.getString("release.version");
        UUID rollbackRollout = UUID.fromString(rollback.getString("rollout.id"));
        assertThat(version).isEqualTo("1.0.0+rollback.1");
        TimeMachine.tick();

        for (int open = 0; open < 3; open++) {
            for (Agent agent : fleet) {
                agent.checkIn();
                if (onBad.contains(agent)) {
                    int ring = rollbackRing(tenant, agent, version);
                    assertThat(agent.offered()).as("%s in ring %d with rings up to %d open", agent.externalId(), ring, open)
                            .isEqualTo(ring <= open ? version : null);
                } else {
                    assertThat(agent.offered()).as("%s never ran 1.1.0", agent.externalId()).isNull();
                }
            }
            if (open < 2) {
                VendorApi.act(rollbackRollout, "promote", "rollback test");
                TimeMachine.tick();
            }
        }

        fleet.forEach(Agent::checkInAndInstall);
        for (Agent agent : fleet) {
            assertThat(agent.installed(product)).as(agent.externalId()).isEqualTo(onBad.contains(agent) ? version : "1.0.0");
            assertThat(agent.checkIn().getString("decision")).as(agent.externalId()).isEqualTo("wait");
        }
    }

    /** The ring of the device's window for the version (its rollout's ring), failing when it has none. */
    private static int rollbackRing(TestTenant tenant, Agent agent, String version) {
        List<Map<String, Object>> windows = tenant.api().get("/api/v1/devices/" + agent.id() + "/windows")
                .then().statusCode(200).extract().jsonPath().getList("");
        return windows.stream().filter(window -> version.equals(window.get("version")))
                .map(window -> ((Number) window.get("ring")).intValue()).findFirst()
                .orElseThrow(() -> new AssertionError(agent.externalId() + " has no window for " + version + ": " + windows));
    }
}
