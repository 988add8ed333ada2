package dev.ringmaster.tenancy;

import dev.ringmaster.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Groups and pilot groups: creation, members by id and by attribute, changes, deletion, all audited. */
@QuarkusTest
class GroupResourceTest {

    @Test
    void aGroupIsCreatedFilledChangedAndDeleted() {
        String id = as("acme-operator").body(Map.of("name", "night-shift", "description", "Scanners on the night shift"))
                .post("/api/v1/groups")
                .then().statusCode(201)
                .body("pilot", equalTo(false))
                .extract().path("id");
        String gw1 = Api.deviceId("acme-admin", "acme-nwk-gw-001");
        String gw2 = Api.deviceId("acme-admin", "acme-nwk-gw-002");

        as("acme-operator").body(Map.of("deviceIds", List.of(gw1, gw2, gw1))).post("/api/v1/groups/" + id + "/members")
                .then().statusCode(200).body("changed", equalTo(2));
        as("acme-operator").body(Map.of("matchAttributes", Map.of("site", "rotterdam"))).post("/api/v1/groups/" + id + "/members")
                .then().statusCode(200).body("changed", equalTo(2));
        as("acme-operator").body(Map.of("deviceIds", List.of(gw2))).post("/api/v1/groups/" + id + "/members/remove")
                .then().statusCode(200).body("changed", equalTo(1));
        as("acme-viewer").get("/api/v1/groups")
                .then().statusCode(200)
                .body("find { it.name == 'night-shift' }.members", equalTo(3));

        as("acme-admin").body(Map.of("pilot", true, "name", "night-pilots")).patch("/api/v1/groups/" + id)
                .then().statusCode(200)
                .body("pilot", equalTo(true))
                .body("name", equalTo("night-pilots"))
                .body("deviceIds", hasItem(gw1));
        as("acme-viewer").get("/api/v1/devices/" + gw1).then().body("groups", hasItem("night-pilots"));

        as("acme-admin").delete("/api/v1/groups/" + id).then().statusCode(204);
        as("acme-viewer").get("/api/v1/groups/" + id).then().statusCode(404);
        as("acme-viewer").get("/api/v1/groups").then().body("name", not(hasItem("night-pilots")));

        as("acme-admin").queryParam("limit", 50).get("/api/v1/audit")
                .then().statusCode(200)
                .body("findAll { it.targetId == '" + id + "' }.action", containsInAnyOrder("group.create",
                        "group.add-members", "group.add-matching", "group.remove-members", "group.change", "group.delete"));
    }

    @Test
    void namesAreUniqueWithinATenantOnly() {
        as("globex-admin").body(Map.of("name", "it-lab")).post("/api/v1/groups").then().statusCode(201);
        as("globex-admin").body(Map.of("name", "it-lab")).post("/api/v1/groups")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void viewersChangeNothing() {
        String groupId = Api.groupId("initech-viewer", "kiosks");
        as("initech-viewer").body(Map.of("name", "viewer-group")).post("/api/v1/groups").then().statusCode(403);
        as("initech-viewer").body(Map.of("pilot", true)).patch("/api/v1/groups/" + groupId).then().statusCode(403);
        as("initech-viewer").delete("/api/v1/groups/" + groupId).then().statusCode(403);
        as("initech-viewer").get("/api/v1/groups/" + groupId).then().statusCode(200).body("pilot", equalTo(false));
    }
}
