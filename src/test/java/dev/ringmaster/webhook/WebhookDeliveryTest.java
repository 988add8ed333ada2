package dev.ringmaster.webhook;

import dev.ringmaster.rollout.RolloutAction;
import dev.ringmaster.rollout.Rollouts;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.support.WebhookReceiver;
import dev.ringmaster.support.WebhookSubscriptions;
import dev.ringmaster.support.WebhookSubscriptions.Subscribed;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Webhooks end to end: a change through the API, the event written with it, the dispatcher run by the TimeMachine
 * and a real HTTP receiver on this machine that checks what arrives.
 */
@QuarkusTest
class WebhookDeliveryTest {

    @Inject
    Rollouts rollouts;

    @Inject
    WebhookDispatcher dispatcher;

    private final WebhookSubscriptions subscriptions = new WebhookSubscriptions();

    @AfterEach
    void cleanUp() {
        subscriptions.close();
        TimeMachine.clock().thaw();
    }

    @Test
    void anEmergencyStopReachesTheVendorSignedOnceAlthoughTheFirstTwoAttemptsFail() {
        WebhookReceiver receiver = receiver().answerNext(500, 503);
        Subscribed vendor = subscribe(() -> as(VendorApi.ADMIN), receiver, List.of("rollout.emergency-stop"));
        String product = VendorApi.product("wh-halt");
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);
        VendorApi.act(rollout, "start", "webhook test");
        Instant stoppedAt = TimeMachine.freeze().truncatedTo(ChronoUnit.MICROS);
        VendorApi.act(rollout, "emergency-stop", "bad build");

        TimeMachine.tick();
        assertThat(receiver.received()).hasSize(1).first().extracting(WebhookReceiver.Received::answered).isEqualTo(500);
        // 30 s after the first failure, then 60 s after the second: nothing earlier.
        TimeMachine.advance(Duration.ofSeconds(29));
        assertThat(receiver.received()).hasSize(1);
        TimeMachine.advance(Duration.ofSeconds(1));
        assertThat(receiver.received()).hasSize(2);
        TimeMachine.advance(Duration.ofSeconds(59));
        assertThat(receiver.received()).hasSize(2);
        TimeMachine.advance(Duration.ofSeconds(1));
        TimeMachine.advance(Duration.ofMinutes(10));

        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.accepted()).hasSize(1);
        WebhookReceiver.Received delivered = receiver.accepted().getFirst();
        assertThat(delivered.header("content-type")).startsWith("application/cloudevents+json");
        String id = delivered.header("webhook-id");
        long timestamp = Long.parseLong(delivered.header("webhook-timestamp"));
        assertThat(timestamp).isEqualTo(stoppedAt.plusSeconds(90).getEpochSecond());
        assertThat(Signature.verify(vendor.secret(), id, timestamp, delivered.body(), delivered.header("webhook-signature")))
                .as("the signature verifies with the subscription's secret").isTrue();
        assertThat(Signature.verify(Signature.newSecret(), id, timestamp, delivered.body(), delivered.header("webhook-signature")))
                .as("and with no other").isFalse();
        assertThat(Signature.verify(vendor.secret(), id, timestamp, delivered.body().replace("bad build", "good build"),
                delivered.header("webhook-signature"))).as("nor for another body").isFalse();
        // Every attempt carried the same event id, so a receiver can drop a repeat it already took.
        assertThat(receiver.received()).extracting(request -> request.header("webhook-id")).containsOnly(id);

        JsonPath event = JsonPath.from(delivered.body());
        assertThat(event.getString("specversion")).isEqualTo("1.0");
        assertThat(event.getString("id")).isEqualTo(id);
        assertThat(event.getString("type")).isEqualTo("dev.ringmaster.rollout.emergency-stop");
        assertThat(event.getString("source")).isEqualTo("/ringmaster/vendor");
        assertThat(event.getString("subject")).isEqualTo("rollout/" + rollout);
        assertThat(event.getString("time")).isEqualTo(stoppedAt.toString());
        assertThat(event.getString("data.product")).isEqualTo(product);
        assertThat(event.getString("data.version")).isEqualTo("1.0.0");
        assertThat(event.getString("data.state")).isEqualTo("halted");
        assertThat(event.getString("data.reason")).isEqualTo("bad build");
        assertThat(event.getString("data.by")).isEqualTo(VendorApi.MANAGER);

        JsonPath log = as(VendorApi.ADMIN).get("/api/v1/webhooks/" + vendor.id() + "/deliveries")
                .then().statusCode(200).extract().jsonPath();
        assertThat(log.getList("attempt", Integer.class)).containsExactly(3, 2, 1);
        assertThat(log.getList("statusCode", Integer.class)).containsExactly(204, 503, 500);
        assertThat(log.getList("error", String.class)).containsExactly(null, "HTTP 503", "HTTP 500");
        assertThat(log.getList("attemptedAt", String.class)).containsExactly(stoppedAt.plusSeconds(90).toString(),
                stoppedAt.plusSeconds(30).toString(), stoppedAt.toString());
        assertThat(log.getList("deliveryState", String.class)).containsOnly("delivered");
        assertThat(log.getList("latencyMs", Long.class)).allSatisfy(latency -> assertThat(latency).isNotNegative());
    }

    @Test
    void aRingTheGateHaltsIsReportedOnceAsRingHalted() {
        WebhookReceiver receiver = receiver();
        Subscribed vendor = subscribe(() -> as(VendorApi.ADMIN), receiver, List.of("ring.halted", "ring.held"));
        Map<String, Object> gate = Map.of("minFinished", 1, "minFinishedShare", 0.5, "maxFailureRate", 0.05,
                "silenceTimeout", "PT1H", "minReportsForHalt", 2);
        String product = VendorApi.product("wh-gate", List.of(new java.util.HashMap<>(Map.of("name", "broad", "share", 1,
                "minSoak", "PT1H", "gate", gate, "manualApproval", false))));
        TestTenant tenant = TestTenant.create("wh-gate");
        tenant.followsRolloutsAtOnce(product);
        VendorApi.publish(product, "2.0.0");
        UUID rollout = VendorApi.rollout(product, "2.0.0", null);
        VendorApi.act(rollout, "start", "webhook test");
        for (var device : tenant.enroll("wh-gate", 2, product, "1.0.0")) {
            device.checkIn();
            assertThat(device.offered()).isEqualTo("2.0.0");
            device.report("failed");
        }

        TimeMachine.tick();
        TimeMachine.tick();

        assertThat(VendorApi.state(rollout)).isEqualTo("halted");
        assertThat(receiver.accepted()).hasSize(1);
        WebhookReceiver.Received delivered = receiver.accepted().getFirst();
        assertThat(Signature.verify(vendor.secret(), delivered.header("webhook-id"),
                Long.parseLong(delivered.header("webhook-timestamp")), delivered.body(), delivered.header("webhook-signature"))).isTrue();
        JsonPath event = JsonPath.from(delivered.body());
        assertThat(event.getString("type")).isEqualTo("dev.ringmaster.ring.halted");
        assertThat(event.getString("data.ringName")).isEqualTo("broad");
        assertThat(event.getInt("data.ring")).isZero();
        assertThat(event.getString("data.by")).isEqualTo("system");
        assertThat(event.getString("data.reason")).contains("failure rate");
    }

    @Test
    void approvalsNeededReachTheVendorAndTheTenantThatDecides() {
        WebhookReceiver vendorReceiver = receiver();
        subscribe(() -> as(VendorApi.ADMIN), vendorReceiver, List.of("approval.needed"));
        String product = VendorApi.product("wh-approve");
        VendorApi.plan(product, "hotfix", true, List.of(VendorApi.ring("canary", "0.1", 0.2), VendorApi.ring("broad", "1", 0.2)));
        TestTenant tenant = TestTenant.create("wh-approve");
        tenant.api().body(Map.of("mode", "approval", "deferral", "PT0S")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        WebhookReceiver tenantReceiver = receiver();
        subscribe(tenant::api, tenantReceiver, List.of("release.approval-needed"));

        VendorApi.publish(product, "3.0.0");
        UUID emergency = VendorApi.rollout(product, "3.0.0", "hotfix");
        TimeMachine.tick();
        assertThat(vendorReceiver.accepted()).hasSize(1);
        JsonPath needed = JsonPath.from(vendorReceiver.accepted().getFirst().body());
        assertThat(needed.getString("type")).isEqualTo("dev.ringmaster.approval.needed");
        assertThat(needed.getString("data.approval")).isEqualTo("emergency-release");
        assertThat(needed.getString("data.rolloutId")).isEqualTo(emergency.toString());
        assertThat(tenantReceiver.received()).as("nothing rolls out yet").isEmpty();

        as(VendorApi.ADMIN).body(Map.of()).post("/api/v1/rollouts/" + emergency + "/approve").then().statusCode(200);
        VendorApi.act(emergency, "approve", null);
        VendorApi.act(emergency, "start", "hotfix");
        TimeMachine.tick();
        assertThat(tenantReceiver.accepted()).hasSize(1);
        JsonPath waiting = JsonPath.from(tenantReceiver.accepted().getFirst().body());
        assertThat(waiting.getString("type")).isEqualTo("dev.ringmaster.release.approval-needed");
        assertThat(waiting.getString("source")).isEqualTo("/ringmaster/tenants/" + tenant.id());
        assertThat(waiting.getString("data.product")).isEqualTo(product);
        assertThat(waiting.getString("data.version")).isEqualTo("3.0.0");
        assertThat(vendorReceiver.accepted()).hasSize(1);
    }

    @Test
    void twoDispatchersAtOnceSendEveryDeliveryOnce() throws Exception {
        WebhookReceiver receiver = receiver();
        Subscribed subscription = subscribe(() -> as(VendorApi.ADMIN), receiver, List.of("ring.halted"));
        int events = 20;
        for (int i = 0; i < events; i++) {
            as(VendorApi.ADMIN).post("/api/v1/webhooks/" + subscription.id() + "/test").then().statusCode(202);
        }
        Instant now = TimeMachine.freeze();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        long started = System.nanoTime();
        try {
            var first = pool.submit(() -> dispatcher.dispatchDue(now));
            var second = pool.submit(() -> dispatcher.dispatchDue(now));
            assertThat(first.get() + second.get()).isEqualTo(events);
        } finally {
            pool.shutdownNow();
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(receiver.accepted()).hasSize(events);
        assertThat(receiver.accepted().stream().map(request -> request.header("webhook-id")).distinct()).hasSize(events);
        List<Long> latencies = as(VendorApi.ADMIN).get("/api/v1/webhooks/" + subscription.id() + "/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("latencyMs", Long.class).stream().sorted().toList();
        assertThat(latencies).hasSize(events);
        System.out.printf("webhook delivery: %d events by two dispatchers in %d ms; attempt latency median %d ms, max %d ms%n",
                events, elapsedMs, latencies.get(events / 2), latencies.getLast());
    }

    @Test
    void aTenantPauseReachesThatTenantAndNoOther() {
        String product = VendorApi.product("wh-pause");
        TestTenant first = TestTenant.create("wh-a");
        TestTenant second = TestTenant.create("wh-b");
        WebhookReceiver firstReceiver = receiver();
        WebhookReceiver secondReceiver = receiver();
        Subscribed firstSubscription = subscribe(first::api, firstReceiver, List.of("tenant.paused"));
        Subscribed secondSubscription = subscribe(second::api, secondReceiver, List.of("tenant.paused"));

        first.api().post("/api/v1/policies/" + product + "/pause").then().statusCode(200);
        TimeMachine.tick();

        assertThat(firstReceiver.accepted()).hasSize(1);
        JsonPath event = JsonPath.from(firstReceiver.accepted().getFirst().body());
        assertThat(event.getString("type")).isEqualTo("dev.ringmaster.tenant.paused");
        assertThat(event.getString("source")).isEqualTo("/ringmaster/tenants/" + first.id());
        assertThat(event.getString("data.product")).isEqualTo(product);
        assertThat(secondReceiver.received()).isEmpty();

        // Neither tenant sees, tests or deletes the other's subscription, and the vendor's list has neither.
        second.api().get("/api/v1/webhooks").then().statusCode(200).body("id", not(hasItem(firstSubscription.id())));
        second.api().get("/api/v1/webhooks/" + firstSubscription.id()).then().statusCode(404);
        second.api().post("/api/v1/webhooks/" + firstSubscription.id() + "/test").then().statusCode(404);
        second.api().get("/api/v1/webhooks/" + firstSubscription.id() + "/deliveries").then().statusCode(404);
        second.api().delete("/api/v1/webhooks/" + firstSubscription.id()).then().statusCode(404);
        as(VendorApi.ADMIN).get("/api/v1/webhooks").then().statusCode(200)
                .body("id", not(hasItem(firstSubscription.id()))).body("id", not(hasItem(secondSubscription.id())));

        second.api().post("/api/v1/policies/" + product + "/pause").then().statusCode(200);
        TimeMachine.tick();
        assertThat(secondReceiver.accepted()).hasSize(1);
        assertThat(JsonPath.from(secondReceiver.accepted().getFirst().body()).getString("source"))
                .isEqualTo("/ringmaster/tenants/" + second.id());
        assertThat(firstReceiver.received()).hasSize(1);
    }

    @Test
    void aChangeThatRollsBackSendsNothing() {
        WebhookReceiver receiver = receiver();
        subscribe(() -> as(VendorApi.ADMIN), receiver, List.of("rollout.emergency-stop"));
        String product = VendorApi.product("wh-rollback");
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);
        VendorApi.act(rollout, "start", "webhook test");

        // The stop is applied and its event written, and then the transaction fails after it.
        var requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> BackgroundScope.asSystem(() -> {
                rollouts.act(rollout, RolloutAction.EMERGENCY_STOP, "tester", "never committed", TimeMachine.now());
                throw new IllegalStateException("the change fails after the stop");
            }))).hasStackTraceContaining("the change fails after the stop");
        } finally {
            requestContext.terminate();
        }
        TimeMachine.tick();
        assertThat(VendorApi.state(rollout)).isEqualTo("running");
        assertThat(receiver.received()).isEmpty();

        VendorApi.act(rollout, "emergency-stop", "committed");
        TimeMachine.tick();
        assertThat(receiver.accepted()).hasSize(1);
        assertThat(JsonPath.from(receiver.accepted().getFirst().body()).getString("data.reason")).isEqualTo("committed");
    }

    @Test
    void aTestEventGoesToTheOneSubscriptionAsked() {
        TestTenant tenant = TestTenant.create("wh-test");
        WebhookReceiver asked = receiver();
        WebhookReceiver other = receiver();
        Subscribed subscription = subscribe(tenant::api, asked, List.of("tenant.paused", "release.approval-needed"));
        subscribe(tenant::api, other, List.of("tenant.paused"));

        String eventId = tenant.api().post("/api/v1/webhooks/" + subscription.id() + "/test")
                .then().statusCode(202).extract().path("eventId");
        TimeMachine.tick();

        assertThat(asked.accepted()).hasSize(1);
        WebhookReceiver.Received received = asked.accepted().getFirst();
        assertThat(received.header("webhook-id")).isEqualTo(eventId);
        assertThat(JsonPath.from(received.body()).getString("type")).isEqualTo("dev.ringmaster.webhook.test");
        assertThat(Signature.verify(subscription.secret(), eventId, Long.parseLong(received.header("webhook-timestamp")),
                received.body(), received.header("webhook-signature"))).isTrue();
        assertThat(other.received()).isEmpty();
        tenant.api().get("/api/v1/webhooks/" + subscription.id() + "/deliveries").then().statusCode(200)
                .body("eventId", equalTo(List.of(eventId))).body("statusCode", equalTo(List.of(204)))
                .body("eventType", equalTo(List.of("dev.ringmaster.webhook.test")));
        tenant.api().get("/api/v1/webhooks/" + subscription.id()).then().statusCode(200)
                .body("events", equalTo(List.of("tenant.paused", "release.approval-needed")))
                .body("secret", equalTo(null));
        // The secret is never shown again nor audited.
        tenant.api().get("/api/v1/audit").then().statusCode(200).body("action", hasItem("webhook.subscribe"))
                .body(not(org.hamcrest.Matchers.containsString(subscription.secret())));
    }

    @Test
    void refusedSubscriptionsAreProblemsAndStoreNothing() {
        TestTenant tenant = TestTenant.create("wh-refuse");
        refused(tenant.api(), Map.of("url", "ftp://hooks.example.com/x", "events", List.of("tenant.paused")), "url");
        refused(tenant.api(), Map.of("url", "http://user:pw@127.0.0.1:9/x", "events", List.of("tenant.paused")), "url");
        refused(tenant.api(), Map.of("url", "hooks.example.com/x", "events", List.of("tenant.paused")), "url");
        refused(tenant.api(), Map.of("url", "https://hooks.example.com/x", "events", List.of("ring.exploded")), "events");
        // Ring events are vendor-wide: a tenant cannot subscribe to them, nor the vendor to a tenant's pause.
        refused(tenant.api(), Map.of("url", "https://hooks.example.com/x", "events", List.of("ring.halted")), "events");
        refused(as(VendorApi.ADMIN), Map.of("url", "https://hooks.example.com/x", "events", List.of("tenant.paused")), "events");
        tenant.api().body(Map.of("url", "https://hooks.example.com/x", "events", List.of())).post("/api/v1/webhooks")
                .then().statusCode(422).contentType("application/problem+json");
        tenant.api().get("/api/v1/webhooks").then().statusCode(200).body("size()", equalTo(0));

        // Viewers and operators do not manage webhooks.
        as("acme-viewer").get("/api/v1/webhooks").then().statusCode(403);
        as(VendorApi.MANAGER).body(Map.of("url", "https://hooks.example.com/x", "events", List.of("ring.halted")))
                .post("/api/v1/webhooks").then().statusCode(403);
        tenant.api().get("/api/v1/webhooks/event-types").then().statusCode(200)
                .body("$", hasItem("tenant.paused")).body("$", not(hasItem("ring.halted")));
    }

    private static void refused(RequestSpecification as, Map<String, Object> body, String field) {
        as.body(body).post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    private WebhookReceiver receiver() {
        return subscriptions.receiver();
    }

    private Subscribed subscribe(Supplier<RequestSpecification> as, WebhookReceiver receiver, List<String> events) {
        return subscriptions.subscribe(as, receiver, events);
    }
}
