package dev.ringmaster.webhook;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.PilotFleet;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.WebhookReceiver;
import dev.ringmaster.support.WebhookSubscriptions;
import dev.ringmaster.schedule.store.ReleaseWindows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's pilot gate tells the tenant's subscribers when it passes or fails, once per change however often the
 * windows are recomputed, and never another tenant's subscribers: pilots report through the device API, the
 * dispatcher delivers to real HTTP receivers on this machine.
 */
@QuarkusTest
class PilotGateEventsTest {

    private static final List<String> GATE_EVENTS = List.of("pilot-gate.passed", "pilot-gate.failed");

    @Inject
    ReleaseWindows windows;

    private final WebhookSubscriptions subscriptions = new WebhookSubscriptions();

    @AfterEach
    void cleanUp() {
        subscriptions.close();
        TimeMachine.clock().thaw();
    }

    @Test
    void aFailingPilotSendsOneFailedEventToItsTenantOnly() {
        // One failure among finished pilots is above a zero failure rate: the gate fails at the first report.
        PilotFleet fleet = PilotFleet.open("pg-fail", 2, 1, 1, 0.0);
        WebhookReceiver own = subscribed(fleet.tenant());
        TestTenant bystander = TestTenant.create("pg-bystander");
        WebhookReceiver other = subscribed(bystander);

        Agent failing = fleet.pilots().getFirst();
        assertThat(failing.checkIn().getString("decision")).isEqualTo("install");
        assertThat(failing.report("failed")).isEqualTo(201);
        TimeMachine.tick();

        assertThat(own.accepted()).hasSize(1);
        JsonPath event = JsonPath.from(own.accepted().getFirst().body());
        assertThat(event.getString("type")).isEqualTo("dev.ringmaster.pilot-gate.failed");
        assertThat(event.getString("source")).isEqualTo("/ringmaster/tenants/" + fleet.tenant().id());
        assertThat(event.getString("data.product")).isEqualTo(fleet.product());
        assertThat(event.getString("data.version")).isEqualTo("2.0.0");
        assertThat(event.getString("data.outcome")).isEqualTo("failed");
        assertThat(event.getString("data.previous")).isEqualTo("pending");
        assertThat(fleet.others().getFirst().checkIn().getString("decision")).as("the gate holds the others").isEqualTo("wait");

        // Further reports and refreshes recompute the same failed gate: nothing new to tell.
        failing.checkIn();
        TimeMachine.advance(TimeMachine.REFRESH);
        TimeMachine.advance(TimeMachine.REFRESH);
        assertThat(own.received()).hasSize(1);
        assertThat(other.received()).as("another tenant hears nothing of this tenant's pilots").isEmpty();
    }

    @Test
    void pilotsSucceedingSendOnePassedEventAndALaterFailureOneFailed() {
        // Two successes pass the gate; one failure in three (33 %) is above the 20 % it allows.
        PilotFleet fleet = PilotFleet.open("pg-pass", 3, 1, 2, 0.2);
        WebhookReceiver own = subscribed(fleet.tenant());
        List<Agent> pilots = fleet.pilots();

        assertThat(pilots.get(0).checkInAndReportSuccess()).isEqualTo("2.0.0");
        assertThat(pilots.get(1).checkInAndReportSuccess()).isEqualTo("2.0.0");
        TimeMachine.tick();
        assertThat(own.received()).as("successes not yet confirmed by a check-in on 2.0.0").isEmpty();

        TimeMachine.advance(Duration.ofMinutes(1));
        pilots.get(0).checkIn();
        pilots.get(1).checkIn();
        TimeMachine.tick();
        assertThat(own.accepted()).hasSize(1);
        JsonPath passed = JsonPath.from(own.accepted().getFirst().body());
        assertThat(passed.getString("type")).isEqualTo("dev.ringmaster.pilot-gate.passed");
        assertThat(passed.getString("data.outcome")).isEqualTo("passed");
        assertThat(passed.getString("data.previous")).isEqualTo("pending");
        assertThat(passed.getString("data.product")).isEqualTo(fleet.product());
        assertThat(fleet.others().getFirst().checkIn().getString("decision")).isEqualTo("install");

        TimeMachine.advance(TimeMachine.REFRESH);
        assertThat(own.received()).as("a refresh of a passed gate tells nothing new").hasSize(1);

        Agent failing = pilots.get(2);
        assertThat(failing.checkIn().getString("decision")).isEqualTo("install");
        assertThat(failing.report("failed")).isEqualTo(201);
        TimeMachine.advance(TimeMachine.REFRESH);
        assertThat(own.accepted()).hasSize(2);
        JsonPath failed = JsonPath.from(own.accepted().getLast().body());
        assertThat(failed.getString("type")).isEqualTo("dev.ringmaster.pilot-gate.failed");
        assertThat(failed.getString("data.previous")).isEqualTo("passed");
        assertThat(failed.getString("subject")).isEqualTo(passed.getString("subject"));
    }

    @Test
    void twoReplicasRefreshingTheWindowsAtOnceSendTheSoakedGatesPassOnce() throws Exception {
        PilotFleet fleet = PilotFleet.open("pg-replicas", 2, 1, 2, 0.0);
        // The same gate with a soak of an hour: it passes when time does, noticed by whichever refresh comes first.
        fleet.tenant().api().body(Map.of("mode", "automatic", "deferral", "PT0S", "pilot", Map.of("groups", List.of("lab"),
                        "deferral", "PT0S", "gate", Map.of("minSucceeded", 2, "maxFailureRate", 0.0, "soak", "PT1H"))))
                .put("/api/v1/policies/" + fleet.product()).then().statusCode(200);
        WebhookReceiver own = subscribed(fleet.tenant());
        for (Agent pilot : fleet.pilots()) {
            assertThat(pilot.checkInAndReportSuccess()).isEqualTo("2.0.0");
        }
        TimeMachine.clock().advance(Duration.ofMinutes(1));
        fleet.pilots().forEach(Agent::checkIn);
        TimeMachine.tick();
        assertThat(own.received()).as("confirmed, but soaking").isEmpty();

        TimeMachine.clock().advance(Duration.ofHours(1));
        java.time.Instant now = TimeMachine.now();
        var replicas = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = replicas.submit(() -> windows.recomputeEverything(now));
            var second = replicas.submit(() -> windows.recomputeEverything(now));
            first.get();
            second.get();
        } finally {
            replicas.shutdownNow();
        }
        TimeMachine.tick();

        assertThat(own.accepted()).hasSize(1);
        assertThat(JsonPath.from(own.accepted().getFirst().body()).getString("type")).isEqualTo("dev.ringmaster.pilot-gate.passed");
        assertThat(fleet.others().getFirst().checkIn().getString("decision")).isEqualTo("install");
    }

    private WebhookReceiver subscribed(TestTenant tenant) {
        WebhookReceiver receiver = subscriptions.receiver();
        subscriptions.subscribe(tenant::api, receiver, GATE_EVENTS);
        return receiver;
    }
}
