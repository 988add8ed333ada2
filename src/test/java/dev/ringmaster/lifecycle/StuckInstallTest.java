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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices that keep checking in but never finish their install count as failed once the ring's install timeout
 * passed: a ring full of hung installs halts the rollout as failures would.
 */
@QuarkusTest
class StuckInstallTest {

    @Test
    void installsThatNeverFinishHaltTheRolloutAfterTheInstallTimeout() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("stuck");
        Map<String, Object> ring = VendorApi.ring("all", "1", 0.2);
        ring.put("minSoak", "PT24H");
        gate(ring).put("installTimeout", "PT1H");
        String product = VendorApi.product("stuck", new ArrayList<>(List.of(ring)));
        tenant.followsRolloutsAtOnce(product);
        List<Agent> fleet = tenant.enroll("dev", 12, product, "1.0.0");
        assertThat(as(VendorApi.MANAGER).get("/api/v1/products/" + product + "/ring-plans/standard")
                .then().statusCode(200).extract().jsonPath().getString("rings[0].gate.installTimeout")).isEqualTo("PT1H");
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();

        for (Agent agent : fleet) {
            assertThat(agent.checkIn().getString("decision")).isEqualTo("install");
            assertThat(agent.report("downloading")).isEqualTo(201);
            assertThat(agent.report("installing")).isEqualTo(201);
        }
        // Fifty minutes of polling while the installs hang: alive, not finished, not yet past the timeout.
        for (int step = 0; step < 5; step++) {
            TimeMachine.advance(Duration.ofMinutes(10));
            fleet.forEach(Agent::checkIn);
        }
        JsonPath early = VendorApi.get(rollout);
        assertThat(early.getString("state")).isEqualTo("running");
        assertThat(early.getInt("rings[0].health.installing")).isEqualTo(12);
        assertThat(early.getInt("rings[0].health.stuck")).isZero();

        for (int step = 0; step < 2; step++) {
            TimeMachine.advance(Duration.ofMinutes(10));
            fleet.forEach(Agent::checkIn);
        }
        TimeMachine.tick();

        JsonPath late = VendorApi.get(rollout);
        assertThat(late.getString("state")).as(late.prettify()).isEqualTo("halted");
        assertThat(late.getInt("rings[0].health.stuck")).isEqualTo(12);
        assertThat(late.getInt("rings[0].health.silent")).isZero();
        // The rollout stopped with their installs still open: each is told to cancel it.
        assertThat(fleet.getFirst().checkIn().getString("decision")).isEqualTo("cancel");
    }

    @Test
    void anInstallTimeoutOfZeroIsRefusedAndNothingIsStored() {
        Map<String, Object> ring = VendorApi.ring("all", "1", 0.2);
        gate(ring).put("installTimeout", "PT0S");
        String key = "stuck-bad-" + UUID.randomUUID().toString().substring(0, 8);
        as(VendorApi.ADMIN).body(Map.of("key", key, "name", "Engine test " + key)).post("/api/v1/products")
                .then().statusCode(201);
        assertThat(as(VendorApi.ADMIN).body(new HashMap<>(Map.of("name", "standard", "emergency", false, "rings", List.of(ring))))
                .post("/api/v1/products/" + key + "/ring-plans")
                .then().statusCode(422).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field", String.class))
                .contains("rings[0].gate.installTimeout");
        as(VendorApi.ADMIN).get("/api/v1/products/" + key + "/ring-plans/standard").then().statusCode(404);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gate(Map<String, Object> ring) {
        return (Map<String, Object>) ring.get("gate");
    }
}
