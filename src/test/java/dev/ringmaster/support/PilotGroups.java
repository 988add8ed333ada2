package dev.ringmaster.support;

import io.restassured.path.json.JsonPath;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tenant's pilot group and a policy naming it, made through the tenant API as an admin would. */
public final class PilotGroups {

    private PilotGroups() {
    }

    /** Creates a pilot group of the tenant with the agents as members. */
    public static void create(TestTenant tenant, String name, List<Agent> members) {
        String id = tenant.api().body(Map.of("name", name, "pilot", true)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        tenant.api().body(Map.of("deviceIds", members.stream().map(agent -> agent.id().toString()).toList()))
                .post("/api/v1/groups/" + id + "/members").then().statusCode(200);
    }

    /**
     * An automatic policy without deferral whose pilot group {@code group} goes first: the tenant's other devices
     * wait until {@code minSucceeded} pilots succeeded, at most {@code maxFailureRate} of the finished ones failed,
     * and no soak.
     */
    public static void policy(TestTenant tenant, String product, String group, int minSucceeded, double maxFailureRate) {
        Map<String, Object> pilot = new HashMap<>(Map.of("groups", List.of(group), "deferral", "PT0S",
                "gate", Map.of("minSucceeded", minSucceeded, "maxFailureRate", maxFailureRate, "soak", "PT0S")));
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "pilot", pilot))
                .put("/api/v1/policies/" + product).then().statusCode(200);
    }

    /** The device's history as its tenant's admin reads it. */
    public static JsonPath history(TestTenant tenant, Agent agent) {
        return tenant.api().get("/api/v1/devices/" + agent.id() + "/events").then().statusCode(200).extract().jsonPath();
    }
}
