package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant pilot gate at check-in: a device outside the pilot groups is told {@code pilot-gate} while the gate
 * holds, and a group whose pilot flag is removed stops piloting at once, its members waiting like the others.
 */
@QuarkusTest
class PilotFlagRemovalTest {

    @Test
    void removingAPilotFlagMakesItsMembersWaitForTheGateAtOnce() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("pilot-flag");
        String product = VendorApi.product("pilot-flag", List.of(VendorApi.ring("all", "1", 0.5)));
        String labs = group(tenant, "labs");
        String office = group(tenant, "office-pilots");
        String key = Api.enrollmentKey(tenant.admin(), 3);
        Agent lab = Agent.enroll(key, "lab-1", null, product, "1.0.0");
        Agent officePilot = Agent.enroll(key, "office-1", null, product, "1.0.0");
        Agent plain = Agent.enroll(key, "plain-1", null, product, "1.0.0");
        members(tenant, labs, lab);
        members(tenant, office, officePilot);
        // A day of pilot soak: the gate cannot pass during the test.
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "pilot", Map.of("groups", List.of("labs",
                        "office-pilots"), "deferral", "PT0S", "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0, "soak", "PT24H"))))
                .put("/api/v1/policies/" + product).then().statusCode(200);
        VendorApi.publish(product, "2.0.0");
        VendorApi.act(VendorApi.rollout(product, "2.0.0", null), "start", "pilot flag test");
        TimeMachine.tick();

        assertThat(lab.checkIn().getString("decision")).isEqualTo("install");
        assertThat(lab.offered()).isEqualTo("2.0.0");
        officePilot.checkIn();
        assertThat(officePilot.offered()).isEqualTo("2.0.0");
        plain.checkIn();
        assertThat(plain.waitReason()).as("a device held by the pilot gate").isEqualTo("pilot-gate");

        tenant.api().body(Map.of("pilot", false)).patch("/api/v1/groups/" + office).then().statusCode(200);

        // No time passes and no refresh runs: the flag change itself replanned the tenant.
        officePilot.checkInUntil(agent -> agent.offered() == null);
        assertThat(officePilot.offered()).as("former pilot after the flag was removed").isNull();
        assertThat(officePilot.waitReason()).isEqualTo("pilot-gate");
        assertThat(tenant.api().queryParam("product", product).get("/api/v1/devices/" + officePilot.id() + "/explain")
                .then().statusCode(200).extract().jsonPath().getString("reasons.last().code")).isEqualTo("pilot-gate-pending");
        lab.checkIn();
        assertThat(lab.offered()).as("the remaining pilot group still pilots").isEqualTo("2.0.0");
        plain.checkIn();
        assertThat(plain.waitReason()).isEqualTo("pilot-gate");
    }

    static String group(TestTenant tenant, String name) {
        return tenant.api().body(Map.of("name", name, "pilot", true)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
    }

    static void members(TestTenant tenant, String groupId, Agent... agents) {
        tenant.api().body(Map.of("deviceIds", java.util.Arrays.stream(agents).map(agent -> agent.id().toString()).toList()))
                .post("/api/v1/groups/" + groupId + "/members").then().statusCode(200);
    }
}
