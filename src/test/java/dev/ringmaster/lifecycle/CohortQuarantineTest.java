package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * A release that fails only on one OS build (DESIGN.md, "Cohorts"), played on the movable clock through the device
 * API: under a plan with the cohort key {@code osBuild} that build is quarantined and its devices are told to cancel
 * and then to wait, and vendor webhook subscribers hear of it, while every other device installs and the rollout
 * completes; under the same plan without cohort
 * keys the same failures halt the whole rollout and every device is stopped.
 */
@QuarkusTest
class CohortQuarantineTest {

    private static final String GOOD = "22.1";
    private static final String BAD = "21.3";

    private record Fleet(TestTenant tenant, String product, UUID rollout, List<Agent> good, List<Agent> bad) {
    }

    /**
     * 16 devices on the good build, 5 on the bad one, the release's rollout started on the plan given. The last bad
     * device stays away until the verdict.
     */
    private static Fleet fleet(String prefix, Map<String, Object> cohorts) {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create(prefix);
        String product = VendorApi.product(prefix, VendorApi.oneRing());
        if (cohorts != null) {
            as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", VendorApi.oneRing(), "cohorts", cohorts))
                    .put("/api/v1/products/" + product + "/ring-plans/standard").then().statusCode(200);
        }
        tenant.followsRolloutsAtOnce(product);
        String key = Api.enrollmentKey(tenant.admin(), 21);
        List<Agent> good = new ArrayList<>();
        List<Agent> bad = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            good.add(Agent.enroll(key, prefix + "-good-" + i, null, product, "1.0.0", Map.of("osBuild", GOOD, "model", "X1")));
        }
        for (int i = 0; i < 5; i++) {
            bad.add(Agent.enroll(key, prefix + "-bad-" + i, null, product, "1.0.0", Map.of("osBuild", BAD, "model", "X1")));
        }
        UUID rollout = VendorApi.started(product, "2.0.0");
        Api.awaitEnrolledWindows();
        TimeMachine.tick();
        return new Fleet(tenant, product, rollout, good, bad);
    }

    /** Every device is offered the release; three of the bad build fail, the fourth is mid-download, one good too. */
    private static void badBuildFails(Fleet fleet) {
        for (Agent agent : fleet.good()) {
            agent.checkIn();
            assertThat(agent.offered()).as(agent.externalId()).isEqualTo("2.0.0");
        }
        for (Agent agent : fleet.bad().subList(0, 4)) {
            agent.checkIn();
            assertThat(agent.offered()).as(agent.externalId()).isEqualTo("2.0.0");
            assertThat(agent.report("downloading")).isEqualTo(201);
        }
        for (Agent agent : fleet.bad().subList(0, 3)) {
            assertThat(agent.report("failed")).isEqualTo(201);
        }
        assertThat(fleet.good().getFirst().report("downloading")).isEqualTo(201);
        TimeMachine.advance(Duration.ofMinutes(10), Duration.ofMinutes(5));
    }

    /** The {@code cohort.quarantined} events about the rollout a vendor subscriber accepted, as JSON. */
    private static List<JsonPath> quarantineEvents(WebhookReceiver receiver, UUID rollout) {
        return receiver.accepted().stream().map(received -> JsonPath.from(received.body()))
                .filter(event -> ("rollout/" + rollout).equals(event.getString("subject"))).toList();
    }

    /** Subscribes the receiver to {@code cohort.quarantined} as the vendor; answers the subscription's id. */
    private static String subscribe(WebhookReceiver receiver) {
        return as(VendorApi.ADMIN).body(Map.of("url", receiver.url(), "events", List.of("cohort.quarantined"),
                        "description", "cohort test")).post("/api/v1/webhooks").then().statusCode(201)
                .extract().path("subscription.id");
    }

    @Test
    void aBuildThatFailsIsQuarantinedWhileTheRestOfTheRolloutCompletes() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscription = subscribe(receiver);
            try {
                quarantinesTheBadBuild(receiver);
            } finally {
                as(VendorApi.ADMIN).delete("/api/v1/webhooks/" + subscription).then().statusCode(204);
            }
        }
    }

    private void quarantinesTheBadBuild(WebhookReceiver receiver) {
        Fleet fleet = fleet("cohort-q", Map.of("keys", List.of("osBuild"), "minSample", 3, "onFailure", "quarantine"));
        badBuildFails(fleet);

        // Vendor subscribers hear of it once, signed like every event, with the cohort and the gate's reason.
        TimeMachine.tick();
        List<JsonPath> events = quarantineEvents(receiver, fleet.rollout());
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getString("type")).isEqualTo("dev.ringmaster.cohort.quarantined");
        assertThat(events.getFirst().getString("data.cohort")).isEqualTo("osBuild=" + BAD);
        assertThat(events.getFirst().getInt("data.ring")).isZero();
        assertThat(events.getFirst().getString("data.ringName")).isEqualTo("broad");
        assertThat(events.getFirst().getString("data.version")).isEqualTo("2.0.0");
        assertThat(events.getFirst().getString("data.reason")).contains("3 of 3 finished failed");

        JsonPath cohorts = as(VendorApi.MANAGER).get("/api/v1/rollouts/" + fleet.rollout() + "/cohorts")
                .then().statusCode(200).extract().jsonPath();
        assertThat(cohorts.getList("quarantines.cohort")).as(cohorts.prettify()).containsExactly("osBuild=" + BAD);
        assertThat(cohorts.getString("quarantines[0].reason")).contains("3 of 3 finished failed");
        assertThat(cohorts.getList("rings[0].cohorts.findAll { it.quarantined }.cohort")).containsExactly("osBuild=" + BAD);
        assertThat(VendorApi.state(fleet.rollout())).isEqualTo("running");

        // The bad build's device mid-download is told to cancel, then to wait; the failed ones are told to wait.
        Agent downloading = fleet.bad().get(3);
        downloading.checkInUntil(agent -> agent.cancelledAction() != null);
        assertThat(downloading.cancelledAction()).isNotNull();
        assertThat(downloading.report(downloading.cancelledAction(), "cancelled")).isEqualTo(201);
        downloading.checkIn();
        assertThat(downloading.decision()).isEqualTo("wait");
        // The one that was away is not offered the release at all, and told why.
        Agent away = fleet.bad().get(4);
        away.checkIn();
        assertThat(away.decision()).isEqualTo("wait");
        assertThat(away.waitReason()).isEqualTo("cohort-quarantined");
        // The good build's device mid-download is not disturbed: it is still offered its install.
        fleet.good().getFirst().checkIn();
        assertThat(fleet.good().getFirst().offered()).isEqualTo("2.0.0");

        for (Agent agent : fleet.good()) {
            agent.checkIn();
            agent.reportsSuccess();
        }
        TimeMachine.advance(Duration.ofMinutes(5));
        fleet.good().forEach(Agent::checkIn);
        TimeMachine.advance(Duration.ofHours(1), Duration.ofMinutes(10));

        JsonPath rollout = VendorApi.get(fleet.rollout());
        assertThat(rollout.getString("state")).as(rollout.prettify()).isEqualTo("completed");
        assertThat(rollout.getInt("rings[0].health.succeeded")).isEqualTo(16);
        assertThat(rollout.getInt("rings[0].health.failed")).as("the quarantined build no longer weighs on the ring").isZero();
        // The completed release is still not for the quarantined build.
        for (Agent agent : fleet.bad()) {
            agent.checkIn();
            assertThat(agent.decision()).as(agent.externalId()).isEqualTo("wait");
        }
        assertThat(away.waitReason()).isEqualTo("cohort-quarantined");

        // Lifting needs a reason and is audited; the build is then offered the release again.
        as(VendorApi.MANAGER).body(Map.of("cohort", "osBuild=" + BAD))
                .post("/api/v1/rollouts/" + fleet.rollout() + "/cohorts/lift").then().statusCode(422)
                .contentType("application/problem+json");
        as(VendorApi.MANAGER).body(Map.of("cohort", "osBuild=" + BAD, "reason", "driver fixed on the devices"))
                .post("/api/v1/rollouts/" + fleet.rollout() + "/cohorts/lift").then().statusCode(200);
        as(VendorApi.ADMIN).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("action", hasItem("rollout.cohort-quarantine")).body("action", hasItem("rollout.cohort-lift"));
        away.checkInUntil(agent -> agent.offered() != null);
        assertThat(away.offered()).isEqualTo("2.0.0");
        TimeMachine.tick();
        assertThat(quarantineEvents(receiver, fleet.rollout())).as("one quarantine, one event").hasSize(1);
    }

    @Test
    void withoutCohortKeysTheSameFailuresHaltTheWholeRollout() {
        Fleet fleet = fleet("cohort-h", null);
        badBuildFails(fleet);

        // Halted in its only ring with 3 failures out of 3 finished (the 3 of the bad build), before any of the 16
        // good-build devices finished: every device offered the release, good build included, is told to cancel.
        JsonPath rollout = VendorApi.get(fleet.rollout());
        assertThat(rollout.getString("state")).as(rollout.prettify()).isEqualTo("halted");
        assertThat(rollout.getInt("rings[0].health.failed")).isEqualTo(3);
        assertThat(rollout.getInt("rings[0].health.succeeded")).isZero();
        for (Agent good : fleet.good()) {
            good.checkInUntil(agent -> agent.cancelledAction() != null);
            assertThat(good.cancelledAction()).as(good.externalId()).isNotNull();
        }
        // The device that was away is offered nothing (the halted rollout's windows are gone: nothing to move to).
        fleet.bad().get(4).checkIn();
        assertThat(fleet.bad().get(4).decision()).isEqualTo("wait");
    }
}
