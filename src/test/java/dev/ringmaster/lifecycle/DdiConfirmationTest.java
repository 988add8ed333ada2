package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hawkBit agent's success counts in the ring gate once the agent polls again after it: its closed/success
 * feedback records the new version, and its next poll shows it came back running it.
 */
@QuarkusTest
class DdiConfirmationTest {

    @Test
    void aDdiSuccessCountsOnceTheAgentPollsAgain() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("ddi-confirm");
        Map<String, Object> ring = VendorApi.ring("all", "1", 0.5);
        ring.put("minSoak", "PT24H");
        String product = VendorApi.product("ddi-confirm", new ArrayList<>(List.of(ring)));
        tenant.followsRolloutsAtOnce(product);
        Agent agent = Agent.enroll(Api.enrollmentKey(tenant.admin(), 1), "ddi-0", null, product, "1.0.0");
        Api.awaitEnrolledWindows();
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();

        String base = "/" + tenant.id() + "/controller/v1/" + agent.externalId();
        String href = ddi(agent).get(base).then().statusCode(200).extract().path("_links.deploymentBase.href");
        String actionId = href.replaceAll(".*/deploymentBase/(\\d+).*", "$1");
        ddi(agent).body(Map.of("id", actionId, "status", Map.of("execution", "closed", "result", Map.of("finished", "success"))))
                .post(base + "/deploymentBase/" + actionId + "/feedback").then().statusCode(200);
        TimeMachine.tick();
        assertThat(VendorApi.get(rollout).getInt("rings[0].health.unconfirmed")).isEqualTo(1);
        assertThat(VendorApi.get(rollout).getInt("rings[0].health.succeeded")).isZero();

        TimeMachine.advance(Duration.ofMinutes(2));
        ddi(agent).get(base).then().statusCode(200);
        TimeMachine.tick();
        assertThat(VendorApi.get(rollout).getInt("rings[0].health.succeeded")).isEqualTo(1);
        assertThat(VendorApi.get(rollout).getInt("rings[0].health.unconfirmed")).isZero();
    }

    private static RequestSpecification ddi(Agent agent) {
        return given().header("Authorization", "TargetToken " + agent.token()).contentType("application/json");
    }
}
