package dev.ringmaster.tenancy;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.PilotGroups;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A dynamic group is defined by an attribute filter; its members follow the devices' attributes, and as a pilot
 * group it decides which device goes first: a device whose model changes into the filter is offered the release
 * the pilots get, and one whose model changes out of it waits for the pilot gate like the rest of the tenant.
 */
@QuarkusTest
class DynamicGroupTest {

    @AfterAll
    static void thaw() {
        TimeMachine.clock().thaw();
    }

    @Test
    void aDynamicPilotGroupFollowsAnAttributeChangeAndMovesWhoGoesFirst() {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("dyn-group");
        TestTenant other = TestTenant.create("dyn-group-other");
        Map<String, Object> ring = VendorApi.ring("all", "1", 0.9);
        ring.put("minSoak", "PT24H");
        String product = VendorApi.product("dyn-group", new ArrayList<>(List.of(ring)));
        String key = Api.enrollmentKey(tenant.admin(), 3);
        Agent lab = Agent.enroll(key, "lab-1", null, product, "1.0.0", Map.of("model", "lab-board", "region", "eu"));
        Agent lab2 = Agent.enroll(key, "lab-2", null, product, "1.0.0", Map.of("model", "lab-board", "region", "eu"));
        Agent field = Agent.enroll(key, "field-1", null, product, "1.0.0", Map.of("model", "field-box", "region", "eu"));
        // Another tenant's device of the same model is no member of this tenant's group.
        Agent.enroll(Api.enrollmentKey(other.admin(), 1), "lab-foreign", null, product, "1.0.0", Map.of("model", "lab-board"));
        Api.awaitEnrolledWindows();

        String group = tenant.api().body(Map.of("name", "lab boards", "pilot", true,
                        "attributeFilter", Map.of("model", "lab-board", "region", "eu")))
                .post("/api/v1/groups").then().statusCode(201)
                .body("attributeFilter.model", equalTo("lab-board"))
                .extract().path("id");
        assertThat(members(tenant, group)).containsExactlyInAnyOrder(lab.id().toString(), lab2.id().toString());
        PilotGroups.policy(tenant, product, "lab boards", 1, 0.0);
        VendorApi.started(product, "2.0.0");
        TimeMachine.tick();

        assertThat(lab.checkIn().getString("decision")).as("the pilot").isEqualTo("install");
        assertThat(field.checkIn().getString("reason")).as("not a pilot").isEqualTo("pilot-gate");

        // The field box is re-flashed as a lab board, and the lab board goes to the field: both tell at check-in.
        field.checkIn(Map.of("model", "lab-board"));
        assertThat(members(tenant, group)).contains(field.id().toString());
        assertThat(field.checkInUntil(agent -> "install".equals(agent.decision())).getString("decision"))
                .as("joined the pilot group").isEqualTo("install");

        // A pilot that has not checked in yet goes to the field: it leaves the group, and waits like the others.
        lab2.checkIn(Map.of("model", "field-box"));
        assertThat(members(tenant, group)).as("left").doesNotContain(lab2.id().toString());
        assertThat(lab2.checkInUntil(agent -> "wait".equals(agent.decision())).getString("reason"))
                .as("no longer a pilot").isEqualTo("pilot-gate");
    }

    @Test
    void aDynamicGroupsMembersAreNotPickedByHandAndItsFilterFollowsTheRules() {
        TestTenant tenant = TestTenant.create("dyn-rules");
        String product = VendorApi.product("dyn-rules");
        Agent agent = Agent.enroll(Api.enrollmentKey(tenant.admin(), 1), "rules-1", null, product, "1.0.0", Map.of("model", "a"));
        String group = tenant.api().body(Map.of("name", "model a", "attributeFilter", Map.of("model", "a")))
                .post("/api/v1/groups").then().statusCode(201).extract().path("id");
        tenant.api().body(Map.of("deviceIds", List.of(agent.id().toString()))).post("/api/v1/groups/" + group + "/members/remove")
                .then().statusCode(409).contentType("application/problem+json");
        tenant.api().body(Map.of("deviceIds", List.of(agent.id().toString()))).post("/api/v1/groups/" + group + "/members")
                .then().statusCode(409).contentType("application/problem+json");
        tenant.api().body(Map.of("name", "bad filter", "attributeFilter", Map.of("model", "a\u0001")))
                .post("/api/v1/groups").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("attributeFilter.model"));
        tenant.api().get("/api/v1/groups").then().statusCode(200).body("size()", equalTo(1));

        // Changing the filter refills the group.
        tenant.api().body(Map.of("attributeFilter", Map.of("model", "b"))).patch("/api/v1/groups/" + group)
                .then().statusCode(200).body("deviceIds.size()", equalTo(0));
        agent.checkIn(Map.of("model", "b"));
        assertThat(members(tenant, group)).containsExactly(agent.id().toString());
    }

    private static List<String> members(TestTenant tenant, String group) {
        return tenant.api().get("/api/v1/groups/" + group).then().statusCode(200).extract().jsonPath().getList("deviceIds");
    }
}
