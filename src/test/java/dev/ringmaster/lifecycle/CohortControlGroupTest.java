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

/**
 * The control group (DESIGN.md, "Cohorts"), through the device API on the movable clock: the canary's devices of one
 * region go silent. When the same region's devices that were not offered the release keep checking in, the silence
 * is the release's and the region is quarantined, with both groups' numbers in the reason; when they went quiet as
 * well, it is an outage and the rollout is held, nothing quarantined.
 */
@QuarkusTest
class CohortControlGroupTest {

    /**
     * A canary of half the fleet, then everyone. The canary must finish 90 % before it passes, so it cannot pass on its
     * checking-in half before the silent half is judged. The install timeout is long, so the quiet devices are judged
     * as silent rather than as stuck installs.
     */
    private static List<Map<String, Object>> rings() {
        Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 1, "minFinishedShare", 0.9,
                "maxFailureRate", 0.2, "silenceTimeout", "PT2H", "minReportsForHalt", 3, "installTimeout", "PT12H"));
        return new ArrayList<>(List.of(
                new HashMap<>(Map.of("name", "canary", "share", 0.5, "minSoak", "PT1H", "gate", gate, "manualApproval", false)),
                new HashMap<>(Map.of("name", "broad", "share", 1, "minSoak", "PT1H", "gate", gate, "manualApproval", false))));
    }

    /** The fleet split by region and by ring, as the first check-in after the start tells. */
    private record Fleet(UUID rollout, List<Agent> euCanary, List<Agent> euLater, List<Agent> usCanary, List<Agent> usLater) {
    }

    private static Fleet fleet(String prefix) {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create(prefix);
        String product = VendorApi.product(prefix, rings());
        as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", rings(), "cohorts",
                        Map.of("keys", List.of("region"), "minSample", 2, "onFailure", "quarantine")))
                .put("/api/v1/products/" + product + "/ring-plans/standard").then().statusCode(200);
        tenant.followsRolloutsAtOnce(product);
        String key = Api.enrollmentKey(tenant.admin(), 32);
        Map<String, List<Agent>> byRegion = Map.of("eu", new ArrayList<>(), "us", new ArrayList<>());
        for (int i = 0; i < 32; i++) {
            String region = i % 2 == 0 ? "eu" : "us";
            byRegion.get(region).add(Agent.enroll(key, prefix + "-" + region + "-" + i, null, product, "1.0.0",
                    Map.of("region", region)));
        }
        UUID rollout = VendorApi.started(product, "2.0.0");
        Api.awaitEnrolledWindows();
        TimeMachine.tick();
        List<List<Agent>> split = new ArrayList<>();
        for (String region : List.of("eu", "us")) {
            List<Agent> canary = new ArrayList<>();
            List<Agent> later = new ArrayList<>();
            for (Agent agent : byRegion.get(region)) {
                agent.checkIn();
                (agent.offered() != null ? canary : later).add(agent);
            }
            split.add(canary);
            split.add(later);
        }
        Fleet fleet = new Fleet(rollout, split.get(0), split.get(1), split.get(2), split.get(3));
        assertThat(fleet.euCanary()).as("eu devices in the canary").hasSizeGreaterThanOrEqualTo(2);
        assertThat(fleet.euLater()).as("eu devices in the broad ring").isNotEmpty();
        assertThat(fleet.usCanary()).as("us devices in the canary").isNotEmpty();
        return fleet;
    }

    /** The us canary installs; an hour later {@code checkingIn} check in; then time passes the silence timeout. */
    private static void twoHoursLater(Fleet fleet, List<Agent> checkingIn) {
        fleet.usCanary().forEach(Agent::checkInAndReportSuccess);
        TimeMachine.advance(Duration.ofMinutes(5));
        fleet.usCanary().forEach(Agent::checkIn);
        TimeMachine.advance(Duration.ofHours(1), Duration.ofMinutes(10));
        checkingIn.forEach(Agent::checkIn);
        TimeMachine.advance(Duration.ofHours(1), Duration.ofMinutes(10));
    }

    private static JsonPath cohorts(UUID rollout) {
        return as(VendorApi.MANAGER).get("/api/v1/rollouts/" + rollout + "/cohorts").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void silenceOnlyAmongTheUpdatedOfARegionQuarantinesIt() {
        Fleet fleet = fleet("control-brick");
        List<Agent> alive = new ArrayList<>(fleet.euLater());
        alive.addAll(fleet.usLater());
        alive.addAll(fleet.usCanary());

        twoHoursLater(fleet, alive);

        JsonPath cohorts = cohorts(fleet.rollout());
        assertThat(cohorts.getList("quarantines.cohort")).as(cohorts.prettify()).containsExactly("region=eu");
        int silent = fleet.euCanary().size();
        assertThat(cohorts.getString("quarantines[0].reason"))
                .contains("silence counts as failure")
                .contains("control: updated " + silent + " of " + silent + " silent (100.0 %)")
                .contains("not yet updated 0 of " + fleet.euLater().size() + " quiet (0.0 %)");
        assertThat(VendorApi.state(fleet.rollout())).isNotEqualTo("on_hold").isNotEqualTo("halted");
        fleet.euLater().getFirst().checkIn();
        assertThat(fleet.euLater().getFirst().waitReason()).isEqualTo("cohort-quarantined");
    }

    @Test
    void aRegionWhoseNotYetUpdatedDevicesWentQuietTooIsAnOutageThatHolds() {
        Fleet fleet = fleet("control-outage");
        List<Agent> alive = new ArrayList<>(fleet.usLater());
        alive.addAll(fleet.usCanary());

        twoHoursLater(fleet, alive);

        JsonPath cohorts = cohorts(fleet.rollout());
        assertThat(cohorts.getList("quarantines")).as(cohorts.prettify()).isEmpty();
        String eu = "rings[0].cohorts.find { it.cohort == 'region=eu' }";
        int quiet = fleet.euLater().size();
        assertThat(cohorts.getInt(eu + ".health.unupdated")).isEqualTo(quiet);
        assertThat(cohorts.getInt(eu + ".health.quietUnupdated")).isEqualTo(quiet);
        assertThat(cohorts.getString(eu + ".control")).endsWith("not yet updated " + quiet + " of " + quiet + " quiet (100.0 %)");
        JsonPath rollout = VendorApi.get(fleet.rollout());
        assertThat(rollout.getString("state")).as(rollout.prettify()).isEqualTo("on_hold");
        assertThat(rollout.getString("stateReason")).contains("looks like an outage rather than the release");

        // The region comes back: the hold clears, and nothing was ever quarantined.
        fleet.euCanary().forEach(Agent::checkIn);
        fleet.euLater().forEach(Agent::checkIn);
        TimeMachine.advance(Duration.ofMinutes(20), Duration.ofMinutes(10));
        assertThat(VendorApi.state(fleet.rollout())).isEqualTo("running");
        assertThat(cohorts(fleet.rollout()).getList("quarantines")).isEmpty();
    }
}
