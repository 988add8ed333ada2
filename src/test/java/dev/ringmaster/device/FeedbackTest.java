package dev.ringmaster.device;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.RolloutStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.DeviceApi.device;
import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Device reports: idempotent by event id, forward only, and bad input changes nothing. */
@QuarkusTest
class FeedbackTest {

    /** One stage for the class (its own tenant and product, everyone in the open ring 0); a device per test. */
    private static RolloutStage stage;

    @Inject
    MeterRegistry registry;

    String product;
    String version;
    Agent device;
    int action;

    @BeforeEach
    void offered() {
        if (stage == null) {
            stage = RolloutStage.open("feedback", 1);
        }
        product = stage.product();
        version = stage.version();
        device = stage.enroll("fb-" + UUID.randomUUID());
        action = device(device.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in")
                .then().statusCode(200).body("decision", equalTo("install")).extract().path("release.actionId");
    }

    private long events() {
        return Db.count("SELECT count(*) FROM device_events WHERE device_id = ?", device.id());
    }

    private Response report(String eventId, String kind, Integer progress) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("eventId", eventId, "actionId", action, "kind", kind));
        if (progress != null) {
            body.put("progress", progress);
        }
        return device(device.token()).body(body).post("/api/device/v1/events");
    }

    @Test
    void aRetriedReportCountsOnceAndTheResultIsRecordedAsInstalled() {
        report("e-1", "downloading", 40).then().statusCode(201).body("state", equalTo("downloading"));
        report("e-1", "downloading", 40).then().statusCode(200);
        report("e-2", "installing", null).then().statusCode(201);
        report("e-3", "succeeded", null).then().statusCode(201).body("open", equalTo(false));
        report("e-3", "succeeded", null).then().statusCode(200);

        assertThat(events()).isEqualTo(4);
        device(device.token()).get("/api/device/v1/self").then().body("installed." + product, equalTo(version));
    }

    /**
     * A report from a device whose token is known in memory is recorded beside the REST layer ({@code ReportRoute}),
     * answered as the endpoint answers it; what the endpoint would refuse or look at more closely is the endpoint's.
     */
    @Test
    void aPlainReportIsRecordedBesideTheRestLayerAndAnsweredAsTheEndpointAnswersIt() {
        long offered = events();
        report("r-1", "downloading", 10).then().statusCode(201);
        double before = besideRest();
        // Content negotiation is the endpoint's: a retry it answers, then the same retry answered beside it.
        Response byEndpoint = device(device.token()).accept("application/json;q=0.9, */*;q=0.1")
                .body(Map.of("eventId", "r-1", "actionId", action, "kind", "downloading", "progress", 10))
                .post("/api/device/v1/events");
        byEndpoint.then().statusCode(200).body("recorded", equalTo(false));
        assertThat(besideRest()).isEqualTo(before);
        Response beside = report("r-1", "downloading", 10);
        beside.then().statusCode(200);
        assertThat(besideRest()).isEqualTo(before + 1);
        assertThat(beside.contentType()).isEqualTo(byEndpoint.contentType());
        assertThat(beside.body().asString()).isEqualTo(byEndpoint.body().asString());

        report("r-2", "installing", null).then().statusCode(201).body("state", equalTo("installing")).body("recorded", equalTo(true));
        assertThat(besideRest()).isEqualTo(before + 2);
        // Refused (out of order, an id used for something else) and invalid reports get the endpoint's own answer.
        report("r-3", "downloading", 20).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("would move it backwards"));
        report("r-1", "failed", null).then().statusCode(409).contentType("application/problem+json");
        report("r 4", "failed", null).then().statusCode(422).body("errors[0].field", equalTo("eventId"));
        device(device.token()).body("{\"eventId\":\"r-5\",\"eventId\":\"r-6\",\"actionId\":" + action + ",\"kind\":\"failed\"}")
                .post("/api/device/v1/events").then().statusCode(400).contentType("application/problem+json");
        assertThat(besideRest()).isEqualTo(before + 2);
        assertThat(events()).isEqualTo(offered + 2);

        report("r-7", "succeeded", null).then().statusCode(201).body("open", equalTo(false));
        assertThat(besideRest()).isEqualTo(before + 3);
        device(device.token()).get("/api/device/v1/self").then().body("installed." + product, equalTo(version));
    }

    /**
     * A step on the way changes nothing a poll is answered from, so the device's next check-in is still answered from
     * its held decision; the final result closes the action, and the next check-in is decided again.
     */
    @Test
    void aProgressReportLeavesTheHeldAnswerAndTheFinalResultForgetsIt() {
        // The offer's action, once its notification is heard, leaves the decision held.
        double before = heldAnswers();
        eventually(this::checkIn, answer -> heldAnswers() > before).then().statusCode(200).body("decision", equalTo("install"));
        report("p-1", "downloading", 30).then().statusCode(201);
        report("p-2", "downloading", 60).then().statusCode(201);
        double held = heldAnswers();
        checkIn().then().statusCode(200).body("decision", equalTo("install")).body("release.actionId", equalTo(action));
        assertThat(heldAnswers()).as("answered from memory after progress").isEqualTo(held + 1);

        report("p-3", "succeeded", null).then().statusCode(201).body("open", equalTo(false));
        checkIn().then().statusCode(200).body("decision", not(equalTo("install")));
        assertThat(heldAnswers()).as("decided again after the final result").isEqualTo(held + 1);
    }

    private Response checkIn() {
        return device(device.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in");
    }

    private double heldAnswers() {
        return registry.counter("ringmaster.device.answers.io.thread").count();
    }

    private double besideRest() {
        return registry.counter("ringmaster.device.reports.beside.rest").count();
    }

    @Test
    void reportsOutOfOrderAfterTheEndOrReusingAnIdAreRefusedAndChangeNothing() {
        report("o-1", "installing", null).then().statusCode(201);
        long before = events();
        report("o-2", "downloading", 10).then().statusCode(409).contentType("application/problem+json");
        report("o-1", "failed", null).then().statusCode(409);
        report("o-3", "offered", null).then().statusCode(422);
        report("o-4", "failed", null).then().statusCode(201);
        report("o-5", "succeeded", null).then().statusCode(409);
        assertThat(events()).isEqualTo(before + 1);
        device(device.token()).get("/api/device/v1/self").then().body("installed." + product, equalTo("1.0.0"));
    }

    @Test
    void malformedWronglyTypedOversizedOrUnknownInputIsAProblemAndChangesNothing() {
        long before = events();
        device(device.token()).body("{\"eventId\": \"x\", ").post("/api/device/v1/events")
                .then().statusCode(400).contentType("application/problem+json");
        device(device.token()).contentType(ContentType.TEXT).body("downloading").post("/api/device/v1/events")
                .then().statusCode(415).contentType("application/problem+json");
        device(device.token()).body(Map.of("eventId", "u-1", "actionId", action, "kind", "exploded")).post("/api/device/v1/events")
                .then().statusCode(400).body("errors[0].field", equalTo("kind"));
        device(device.token()).body(Map.of("eventId", "u-2", "actionId", 987654321, "kind", "failed")).post("/api/device/v1/events")
                .then().statusCode(404).contentType("application/problem+json");
        device(device.token()).body(Map.of("eventId", "u 3", "actionId", action, "kind", "failed", "progress", 400))
                .post("/api/device/v1/events").then().statusCode(422);
        device(device.token()).body("{\"installed\":{\"" + product + "\":\"" + "9".repeat(2 * 1024 * 1024) + "\"}}")
                .post("/api/device/v1/check-in").then().statusCode(413).contentType("application/problem+json");
        device(device.token()).body(Map.of("installed", Map.of(product, "not-a-version"))).post("/api/device/v1/check-in")
                .then().statusCode(422).body("errors[0].field", equalTo("installed." + product));
        device(device.token()).body(Map.of("installed", Map.of("no-such-product", "1.0.0"))).post("/api/device/v1/check-in")
                .then().statusCode(422);
        device(device.token()).body("{}").post("/api/device/v1/check-in").then().statusCode(422);
        device(device.token()).body(Map.of("installed", Map.of("Not A Key", "1.0.0", "-also-not", "1.0.0", product, "2.0.0")))
                .post("/api/device/v1/check-in").then().statusCode(422)
                .body("errors.size()", equalTo(1)).body("errors[0].field", equalTo("installed"));
        assertThat(events()).isEqualTo(before);
        device(device.token()).get("/api/device/v1/self").then().body("installed." + product, equalTo("1.0.0"));
    }
}
