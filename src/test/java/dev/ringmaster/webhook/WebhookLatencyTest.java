package dev.ringmaster.webhook;

import dev.ringmaster.support.Eventually;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.support.WebhookReceiver;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a committed change takes to reach a subscriber once a dispatcher pass starts: a tenant pauses a product
 * through the API (the pause and its {@code tenant.paused} event commit before the answer), a dispatcher pass runs at
 * once, and a real HTTP receiver on this machine notes when the signed event arrived. Prints the median and p99 of
 * {@value #EVENTS} events (docs/webhooks.md, "Delivery latency"); in production the wait for the next pass
 * ({@code ringmaster.webhooks.every}) comes on top.
 */
@QuarkusTest
class WebhookLatencyTest {

    private static final int EVENTS = 200;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    DispatcherWake wake;

    @Test
    void everyCommittedPauseReachesTheReceiverOnceInThePassAfterIt() {
        TestTenant tenant = TestTenant.create("wh-latency");
        String product = VendorApi.product("wh-latency");
        List<Long> latenciesMicros = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscription = tenant.api().body(Map.of("url", receiver.url(), "events", List.of("tenant.paused")))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().path("subscription.id");
            for (int i = 0; i < EVENTS; i++) {
                tenant.api().post("/api/v1/policies/" + product + "/pause").then().statusCode(200);
                long committed = System.nanoTime();
                assertThat(dispatcher.dispatchDue(TimeMachine.now())).as("attempts, leftovers of other classes included").isPositive();
                List<WebhookReceiver.Received> received = receiver.accepted();
                assertThat(received).hasSize(i + 1);
                latenciesMicros.add((received.getLast().arrivedNanos() - committed) / 1_000);
                tenant.api().post("/api/v1/policies/" + product + "/resume").then().statusCode(200);
            }
            assertThat(receiver.accepted().stream().map(request -> request.header("webhook-id")).distinct()).hasSize(EVENTS);
            assertThat(receiver.accepted()).allSatisfy(request ->
                    assertThat(JsonPath.from(request.body()).getString("type")).isEqualTo("dev.ringmaster.tenant.paused"));
            tenant.api().delete("/api/v1/webhooks/" + subscription).then().statusCode(204);
        }
        List<Long> sorted = latenciesMicros.stream().sorted().toList();
        long median = sorted.get(EVENTS / 2);
        long p99 = sorted.get(EVENTS * 99 / 100 - 1);
        System.out.printf("webhook delivery latency, commit to receiver, %d events: median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                EVENTS, median / 1e3, p99 / 1e3, sorted.getLast() / 1e3);
    }

    /**
     * With the dispatcher on a schedule (here: none ever due in the test), the commit that queued a delivery wakes
     * it: the receiver gets the event without anyone running a pass.
     */
    @Test
    void aCommitThatQueuedADeliveryWakesTheDispatcher() {
        TestTenant tenant = TestTenant.create("wh-wake");
        String product = VendorApi.product("wh-wake");
        DispatcherWake awake = ClientProxy.unwrap(wake);
        awake.enabled = true;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            tenant.api().body(Map.of("url", receiver.url(), "events", List.of("tenant.paused")))
                    .post("/api/v1/webhooks").then().statusCode(201);
            tenant.api().post("/api/v1/policies/" + product + "/pause").then().statusCode(200);

            List<WebhookReceiver.Received> received = Eventually.eventually(receiver::accepted, got -> !got.isEmpty());
            assertThat(JsonPath.from(received.getFirst().body()).getString("type")).isEqualTo("dev.ringmaster.tenant.paused");
        } finally {
            awake.enabled = false;
        }
    }
}
