package dev.ringmaster.device.offer;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendor-wide blast-radius cap at offer time, counted in PostgreSQL over every tenant: with room for one
 * more offer of an unproven release this hour, one device (of one tenant) gets it and the next (of another
 * tenant) waits; a proven release is not held back.
 */
@QuarkusTest
class BlastRadiusTest {

    @Inject
    FreshOffers offers;

    /** A device of the tenant in ring 0 (the canary's 20 %) of the rollout, enrolled through the API. */
    private static Agent canaryDevice(TestTenant tenant, String product, UUID release) {
        String key = Api.enrollmentKey(tenant.admin(), 60);
        for (int i = 0; i < 60; i++) {
            Agent agent = Agent.enroll(key, "blast-" + i, null, product, "1.0.0");
            Api.awaitEnrolledWindows();
            int ring = tenant.api().get("/api/v1/devices/" + agent.id() + "/windows").then().statusCode(200)
                    .extract().path("find { it.releaseId == '" + release + "' }.ring");
            if (ring == 0) {
                return agent;
            }
        }
        throw new AssertionError("no device of " + tenant.id() + " landed in the canary");
    }

    @Test
    void anUnprovenReleaseReachesNoMoreDevicesPerHourThanTheCapOverAllTenants() {
        // A three-ring plan: the release is proven once ring 1 passed, and ring 2 opens after it.
        String product = VendorApi.product("blast");
        TestTenant first = TestTenant.create("blast-a");
        TestTenant second = TestTenant.create("blast-b");
        first.followsRolloutsAtOnce(product);
        second.followsRolloutsAtOnce(product);
        UUID release = DeviceApi.release(product, "2.0.0", "b.bin", "b".getBytes(StandardCharsets.UTF_8),
                "https://downloads.example.com/b.bin");
        UUID rollout = VendorApi.rollout(product, "2.0.0", null);
        VendorApi.act(rollout, "start", "blast test");
        TimeMachine.tick();
        Agent a = canaryDevice(first, product, release);
        Agent b = canaryDevice(second, product, release);

        FreshOffers target = ClientProxy.unwrap(offers);
        int configured = target.blastRadiusPerHour;
        try {
            // The cap counts the last hour's unproven offers of every product: two hours on, none are left.
            TimeMachine.advance(Duration.ofHours(2));
            target.blastRadiusPerHour = 1;

            a.checkIn();
            assertThat(a.decision()).isEqualTo("install");
            b.checkIn();
            assertThat(b.decision()).isEqualTo("wait");
            assertThat(b.waitReason()).isEqualTo("blast-radius-cap");

            // Once ring 1 has passed the release is proven: later rings are no longer held back by the cap.
            VendorApi.act(rollout, "promote", "canary looks fine");
            VendorApi.act(rollout, "promote", "early looks fine");
            TimeMachine.tick();
            assertThat(VendorApi.get(rollout).getString("rings[1].state")).isEqualTo("passed");
            eventually(b::checkIn, answer -> "install".equals(answer.getString("decision")));
        } finally {
            target.blastRadiusPerHour = configured;
        }
    }
}
