package dev.ringmaster.rollout;

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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenants × rings overview through the API: two tenants' devices in one ring, each counted in its own tenant
 * by the gate's rules (a confirmed success, a reported failure, silence, a download under way, a device never
 * heard of), and no tenant can read it.
 */
@QuarkusTest
class RolloutTenantsTest {

    @Test
    void eachTenantsDevicesAreCountedInTheirOwnRowAsTheGateCountsThem() {
        // The vendor-wide blast radius counts the last hour's offers of every earlier class: two hours on, this
        // rollout has the cap to itself.
        TimeMachine.advance(Duration.ofHours(2));
        String product = VendorApi.product("rt", List.of(VendorApi.ring("broad", "1", 0.5)));
        TestTenant alpha = TestTenant.create("rta");
        TestTenant beta = TestTenant.create("rtb");
        alpha.followsRolloutsAtOnce(product);
        beta.followsRolloutsAtOnce(product);
        List<Agent> a = alpha.enroll("a", 3, product, "1.0.0");
        List<Agent> b = beta.enroll("b", 2, product, "1.0.0");
        UUID rollout = VendorApi.started(product, "2.0.0");
        Api.awaitEnrolledWindows();
        try {
            TimeMachine.freeze();
            for (Agent agent : List.of(a.get(0), a.get(1), a.get(2), b.get(0))) {
                agent.checkInUntil(device -> "2.0.0".equals(device.offered()));
                assertThat(agent.offered()).isEqualTo("2.0.0");
            }
            a.get(0).reportsSuccess();
            a.get(1).report("failed");
            b.get(0).report("downloading");

            // Past the silence timeout: a.2 said nothing since its offer; the others keep checking in.
            TimeMachine.advance(Duration.ofMinutes(31));
            a.get(0).checkIn();
            a.get(1).checkIn();
            b.get(0).checkIn();
            TimeMachine.tick();

            JsonPath overview = Api.as(VendorApi.MANAGER).get("/api/v1/rollouts/" + rollout + "/tenants")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(overview.getList("rings")).containsExactly("broad");
            assertThat(cell(overview, alpha)).containsAllEntriesOf(Map.of("devices", 3, "waiting", 0, "offered", 0,
                    "working", 0, "succeeded", 1, "failed", 1, "silent", 1));
            assertThat(cell(overview, beta)).containsAllEntriesOf(Map.of("devices", 2, "waiting", 1, "offered", 0,
                    "working", 1, "succeeded", 0, "failed", 0, "silent", 0));
            assertThat(overview.getString("tenants.find { it.id == '" + alpha.id() + "' }.name")).isEqualTo("Test tenant " + alpha.id());

            // Rollouts are the vendor's: neither tenant reads the overview, not even its own row.
            alpha.api().get("/api/v1/rollouts/" + rollout + "/tenants").then().statusCode(403);
            beta.api().get("/api/v1/rollouts/" + rollout + "/tenants").then().statusCode(403);
            Api.as("val.viewer").get("/api/v1/rollouts/" + rollout + "/tenants").then().statusCode(200);
            Api.as(VendorApi.MANAGER).get("/api/v1/rollouts/" + UUID.randomUUID() + "/tenants").then().statusCode(404);
        } finally {
            TimeMachine.clock().thaw();
        }
    }

    private static Map<String, Object> cell(JsonPath overview, TestTenant tenant) {
        return overview.getMap("tenants.find { it.id == '" + tenant.id() + "' }.cells[0]");
    }
}
