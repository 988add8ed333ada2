package dev.ringmaster.device.feedback;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Parallel;
import dev.ringmaster.support.RolloutStage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet reports at once, from many connections, as it does right after a window opened: the reports of one
 * tenant are recorded in shared transactions ({@link Feedback}). Each must still count once, a retry be answered
 * as a retry, and a refused report, mixed into the same batches, refuse only itself.
 */
@QuarkusTest
class FeedbackBurstTest {

    private static final int FLEET = 120;

    /** One report as sent: the device, its event id and what it says. */
    private record Sent(Agent device, String eventId, long actionId, String kind) {

        int status() {
            return given().header("Authorization", "TargetToken " + device.token()).contentType(ContentType.JSON)
                    .body(Map.of("eventId", eventId, "actionId", actionId, "kind", kind))
                    .post("/api/device/v1/events").then().extract().statusCode();
        }
    }

    @Test
    void aBurstOfReportsCountsEachOnceAnswersRetriesAsRetriesAndRefusesOnlyTheBadOnes() throws Exception {
        RolloutStage stage = RolloutStage.open("report-burst", 1);
        List<Agent> fleet = offeredFleet(stage, "report-burst");

        // Each device says it is downloading, twice with the same event id (a retry racing its original), and
        // claims its neighbour's action (refused: not its own).
        List<Sent> first = new ArrayList<>();
        for (int i = 0; i < FLEET; i++) {
            Agent device = fleet.get(i);
            Agent neighbour = fleet.get((i + 1) % FLEET);
            first.add(new Sent(device, device.externalId() + "-dl", device.actionId(), "downloading"));
            first.add(new Sent(device, device.externalId() + "-dl", device.actionId(), "downloading"));
            first.add(new Sent(device, device.externalId() + "-steal", neighbour.actionId(), "downloading"));
        }
        List<Integer> firstAnswers = sendAllAtOnce(first);
        for (int i = 0; i < FLEET; i++) {
            assertThat(firstAnswers.subList(3 * i, 3 * i + 2)).as(fleet.get(i).externalId() + ": the report and its retry")
                    .containsExactlyInAnyOrder(201, 200);
            assertThat(firstAnswers.get(3 * i + 2)).as(fleet.get(i).externalId() + ": its neighbour's action").isEqualTo(404);
        }

        List<Sent> results = fleet.stream().map(device -> new Sent(device, device.externalId() + "-ok", device.actionId(), "succeeded")).toList();
        assertThat(sendAllAtOnce(results)).as("every success recorded").containsOnly(201);

        for (Agent device : fleet) {
            // The action is closed once and the release stored as what the device runs.
            assertThat(new Sent(device, device.externalId() + "-again", device.actionId(), "failed").status()).isEqualTo(409);
            assertThat(given().header("Authorization", "TargetToken " + device.token()).get("/api/device/v1/self")
                    .then().statusCode(200).extract().jsonPath().getString("installed." + stage.product()))
                    .isEqualTo(stage.version());
        }
    }

    @Test
    void twoFinalResultsOfOneActionSentAtOnceRecordOnlyTheFirstAndTheDeviceRunsWhatItSaid() throws Exception {
        RolloutStage stage = RolloutStage.open("report-race", 1);
        List<Agent> fleet = offeredFleet(stage, "report-race");

        // Each device sends a success and a failure of its action at once: the two usually share a batch, and the
        // one recorded second must see the action the first one closed.
        List<Sent> both = new ArrayList<>();
        for (Agent device : fleet) {
            both.add(new Sent(device, device.externalId() + "-ok", device.actionId(), "succeeded"));
            both.add(new Sent(device, device.externalId() + "-ko", device.actionId(), "failed"));
        }
        List<Integer> answers = sendAllAtOnce(both);

        for (int i = 0; i < FLEET; i++) {
            Agent device = fleet.get(i);
            assertThat(answers.subList(2 * i, 2 * i + 2)).as(device.externalId() + ": one result recorded, the other refused")
                    .containsExactlyInAnyOrder(201, 409);
            boolean succeeded = answers.get(2 * i) == 201;
            assertThat(given().header("Authorization", "TargetToken " + device.token()).get("/api/device/v1/self")
                    .then().statusCode(200).extract().jsonPath().getString("installed." + stage.product()))
                    .as(device.externalId() + ": runs the release only when its success was the one recorded")
                    .isEqualTo(succeeded ? stage.version() : "1.0.0");
            // Sent again, each is what it was: the recorded one a retry (200), the refused one still refused.
            assertThat(both.get(2 * i).status()).isEqualTo(succeeded ? 200 : 409);
            assertThat(both.get(2 * i + 1).status()).isEqualTo(succeeded ? 409 : 200);
        }
    }

    /** {@link #FLEET} devices of the stage's tenant, each offered the stage's release, with an action of its own. */
    private static List<Agent> offeredFleet(RolloutStage stage, String prefix) {
        List<Agent> fleet = stage.tenant().enroll(prefix, FLEET, stage.product(), "1.0.0");
        stage.policy(Map.of("mode", "automatic", "deferral", "PT0S"));
        fleet.forEach(Agent::checkIn);
        assertThat(fleet).allSatisfy(device -> assertThat(device.decision()).isEqualTo("install"));
        return fleet;
    }

    /** Sends every report at once from 32 connections; answers the statuses in the order of {@code reports}. */
    private static List<Integer> sendAllAtOnce(List<Sent> reports) {
        return Parallel.map(reports, 32, Sent::status);
    }
}
