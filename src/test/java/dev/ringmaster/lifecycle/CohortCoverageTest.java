package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;

/**
 * Coverage (DESIGN.md, "Cohorts"): a canary that holds no device of a model present in the broad ring does not pass
 * until a vendor user accepts the uncovered model with a reason (and it then passes on its own gate) or promotes it; bad cohort settings are refused; tenants see no cohort data.
 */
@QuarkusTest
class CohortCoverageTest {

    private static final String PROBLEM = "application/problem+json";

    private static Map<String, Object> ring(String name, double share) {
        Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 1, "minFinishedShare", 0.5,
                "maxFailureRate", 0.9, "silenceTimeout", "PT2H"));
        return new HashMap<>(Map.of("name", name, "share", share, "minSoak", "PT1H", "gate", gate, "manualApproval", false));
    }

    private static List<Map<String, Object>> rings() {
        return new ArrayList<>(List.of(ring("canary", 0.3), ring("broad", 1)));
    }

    private static String ringPlans(String product) {
        return "/api/v1/products/" + product + "/ring-plans";
    }

    /** A canary of X1 devices whose gate holds, and one X2 device in the broad ring; the coverage minimum is 1. */
    private record Uncovered(TestTenant tenant, UUID rollout, Agent x2) {
    }

    private static Uncovered uncoveredCanary(String prefix) {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create(prefix);
        String product = VendorApi.product(prefix, rings());
        as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", rings(),
                        "cohorts", Map.of("keys", List.of("model"), "coverageMin", 1)))
                .put(ringPlans(product) + "/standard").then().statusCode(200).body("cohorts.keys", hasItem("model"));
        tenant.followsRolloutsAtOnce(product);
        String key = Api.enrollmentKey(tenant.admin(), 20);
        List<Agent> fleet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fleet.add(Agent.enroll(key, prefix + "-" + i, null, product, "1.0.0"));
        }
        UUID rollout = VendorApi.started(product, "2.0.0");
        Api.awaitEnrolledWindows();
        TimeMachine.tick();

        // The models are told after the rings are known (the canary's devices are those offered the release now):
        // every canary device is an X1, one broad device an X2.
        List<Agent> canary = new ArrayList<>();
        Agent x2 = null;
        for (Agent agent : fleet) {
            agent.checkIn();
            boolean inCanary = agent.offered() != null;
            boolean inBroad = !inCanary && "ring-not-open".equals(agent.waitReason());
            String model = inBroad && x2 == null ? "X2" : "X1";
            if (inCanary) {
                canary.add(agent);
            } else if (inBroad && x2 == null) {
                x2 = agent;
            }
            agent.checkIn(Map.of("model", model));
        }
        assertThat(canary).as("the 30 %% canary of 20 devices").isNotEmpty();
        assertThat(x2).as("a broad device").isNotNull();

        for (Agent agent : canary) {
            assertThat(agent.checkInAndReportSuccess()).isEqualTo("2.0.0");
        }
        TimeMachine.advance(Duration.ofMinutes(5));
        canary.forEach(Agent::checkIn);
        TimeMachine.advance(Duration.ofHours(2), Duration.ofMinutes(10));
        return new Uncovered(tenant, rollout, x2);
    }

    @Test
    void aCanaryWithoutTheBroadRingsModelWaitsUntilAVendorUserAcceptsIt() {
        Uncovered uncovered = uncoveredCanary("coverage");
        TestTenant tenant = uncovered.tenant();
        UUID rollout = uncovered.rollout();
        Agent x2 = uncovered.x2();

        JsonPath view = VendorApi.get(rollout);
        assertThat(view.getString("state")).as(view.prettify()).isEqualTo("running");
        assertThat(view.getString("rings[0].state")).isEqualTo("open");
        // The ring's own gate holds, but the rollout's view says what keeps it: the uncovered model.
        assertThat(view.getString("rings[0].gateOutcome")).isEqualTo("wait");
        assertThat(view.getList("rings[0].gateReasons", String.class)).anySatisfy(reason -> assertThat(reason)
                .startsWith("cohorts of later rings with fewer than 1 finished devices so far: model=X2 (0)"));
        JsonPath cohorts = as(VendorApi.MANAGER).get("/api/v1/rollouts/" + rollout + "/cohorts").then().statusCode(200)
                .extract().jsonPath();
        assertThat(cohorts.getList("coverage.cohort")).as(cohorts.prettify()).containsExactlyInAnyOrder("model=X1", "model=X2");
        assertThat(cohorts.getBoolean("coverage.find { it.cohort == 'model=X2' }.covered")).isFalse();
        assertThat(cohorts.getInt("coverage.find { it.cohort == 'model=X2' }.finished")).isZero();
        assertThat(cohorts.getBoolean("coverage.find { it.cohort == 'model=X1' }.covered")).isTrue();
        x2.checkIn();
        assertThat(x2.decision()).isEqualTo("wait");
        assertThat(x2.waitReason()).isEqualTo("ring-not-open");

        // Tenants see no cohort data and cannot lift anything.
        tenant.api().get("/api/v1/rollouts/" + rollout + "/cohorts").then().statusCode(403);
        tenant.api().body(Map.of("cohort", "model=X2", "reason", "mine")).post("/api/v1/rollouts/" + rollout + "/cohorts/lift")
                .then().statusCode(403);

        // Accepting the uncovered model is a promote: a reason is required, and it is audited.
        as(VendorApi.MANAGER).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/promote").then().statusCode(422)
                .contentType(PROBLEM);
        VendorApi.act(rollout, "promote", "X2 accepted uncovered: same board as X1");
        assertThat(VendorApi.get(rollout).getString("rings[0].state")).isEqualTo("passed");
        as(VendorApi.ADMIN).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("action", hasItem("rollout.promote"));
        TimeMachine.tick();
        x2.checkInUntil(agent -> agent.offered() != null);
        assertThat(x2.offered()).isEqualTo("2.0.0");
    }

    @Test
    void acceptingTheUncoveredModelLetsTheRingPassOnItsOwnGate() {
        Uncovered uncovered = uncoveredCanary("coverage-accept");
        UUID rollout = uncovered.rollout();
        String accept = "/api/v1/rollouts/" + rollout + "/cohorts/accept";

        // Without an acceptance the ring does not pass, however long it soaks.
        TimeMachine.advance(Duration.ofHours(1), Duration.ofMinutes(10));
        assertThat(VendorApi.get(rollout).getString("rings[0].state")).isEqualTo("open");

        // No reason, a blank one, or no body: problems, and nothing is accepted.
        as(VendorApi.MANAGER).body(Map.of()).post(accept).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("reason"));
        as(VendorApi.MANAGER).body(Map.of("reason", "  ")).post(accept).then().statusCode(422).contentType(PROBLEM);
        as(VendorApi.MANAGER).post(accept).then().statusCode(422).contentType(PROBLEM);
        uncovered.tenant().api().body(Map.of("reason", "mine")).post(accept).then().statusCode(403);
        TimeMachine.tick();
        assertThat(VendorApi.get(rollout).getString("rings[0].state")).isEqualTo("open");
        assertThat(as(VendorApi.MANAGER).get("/api/v1/rollouts/" + rollout + "/cohorts").then().statusCode(200)
                .extract().jsonPath().getBoolean("coverage.find { it.cohort == 'model=X2' }.accepted")).isFalse();

        JsonPath accepted = as(VendorApi.MANAGER).body(Map.of("reason", "X2 shares the X1 board")).post(accept)
                .then().statusCode(200).extract().jsonPath();
        assertThat(accepted.getBoolean("coverage.find { it.cohort == 'model=X2' }.accepted")).as(accepted.prettify()).isTrue();
        as(VendorApi.ADMIN).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("action", hasItem("rollout.cohort-accept"));

        // The next pass lets the ring pass on its own gate: passed, not promoted.
        TimeMachine.tick();
        JsonPath view = VendorApi.get(rollout);
        assertThat(view.getString("rings[0].state")).as(view.prettify()).isEqualTo("passed");
        assertThat(view.getString("rings[0].promotedBy")).isNull();
        as(VendorApi.MANAGER).body(Map.of("reason", "again")).post(accept).then().statusCode(409).contentType(PROBLEM);
        uncovered.x2().checkInUntil(agent -> agent.offered() != null);
        assertThat(uncovered.x2().offered()).isEqualTo("2.0.0");
    }

    @Test
    void badCohortSettingsAreRefusedFieldByFieldAndChangeNothing() {
        String product = VendorApi.product("cohort-bad", rings());
        Map<String, Object> plan = new HashMap<>(Map.of("name", "cohorts", "emergency", false, "rings", rings(),
                "cohorts", Map.of("keys", List.of("model", "serialNumber"), "coverageMin", -1, "minSample", 0,
                        "onFailure", "explode")));
        as(VendorApi.ADMIN).body(plan).post(ringPlans(product)).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("cohorts.keys[1]", "cohorts.minSample", "cohorts.coverageMin",
                        "cohorts.onFailure"));
        as(VendorApi.ADMIN).get(ringPlans(product) + "/cohorts").then().statusCode(404);

        as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", rings(), "cohorts", Map.of("keys", List.of("region"),
                "coverageMin", -3))).put(ringPlans(product) + "/standard").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("cohorts.coverageMin"));
        as(VendorApi.ADMIN).get(ringPlans(product) + "/standard").then().statusCode(200)
                .body("cohorts.keys", org.hamcrest.Matchers.empty());
    }
}
