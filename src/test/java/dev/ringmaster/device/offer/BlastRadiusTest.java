package dev.ringmaster.device.offer;

import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.support.WindowFixture;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.DeviceApi.device;
import static dev.ringmaster.support.Eventually.eventually;
import static org.hamcrest.Matchers.equalTo;

/**
 * The vendor-wide blast-radius cap at offer time, counted in PostgreSQL over every tenant: with room for one
 * more offer of an unproven release this hour, one device (of one tenant) gets it and the next (of another
 * tenant) waits; a proven release is not held back.
 */
@QuarkusTest
class BlastRadiusTest {

    @Inject
    Offers offers;

    @Test
    void anUnprovenReleaseReachesNoMoreDevicesPerHourThanTheCapOverAllTenants() {
        // A three-ring plan: the release is proven once ring 1 passed, and ring 2 opens after it.
        String product = VendorApi.product("blast");
        String version = DeviceApi.nextVersion();
        UUID release = DeviceApi.release(product, version, "b.bin", "b".getBytes(StandardCharsets.UTF_8), "https://downloads.example.com/b.bin");
        UUID rollout = WindowFixture.rollout(release, "running", 3);
        WindowFixture.ring(rollout, 0, "open");
        DeviceApi.Enrolled acme = DeviceApi.enroll("acme-admin", "acme", "acme-blast-" + version, product, "1.0.0");
        DeviceApi.Enrolled globex = DeviceApi.enroll("globex-admin", "globex", "globex-blast-" + version, product, "1.0.0");
        WindowFixture.window("acme", acme.id(), release, rollout, 0, Instant.now().minusSeconds(60), null);
        WindowFixture.window("globex", globex.id(), release, rollout, 0, Instant.now().minusSeconds(60), null);

        Offers target = ClientProxy.unwrap(offers);
        int configured = target.blastRadiusPerHour;
        try {
            long offeredThisHour = WindowFixture.count("SELECT count(*) FROM device_actions WHERE unproven AND offered_at > now() - interval '1 hour'");
            target.blastRadiusPerHour = (int) offeredThisHour + 1;

            device(acme.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in")
                    .then().statusCode(200).body("decision", equalTo("install"));
            device(globex.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in")
                    .then().statusCode(200).body("decision", equalTo("wait")).body("reason", equalTo("blast-radius-cap"));

            // Once ring 1 has passed the release is proven: later rings are no longer held back by the cap.
            WindowFixture.ring(rollout, 0, "passed");
            WindowFixture.ring(rollout, 1, "passed");
            WindowFixture.ring(rollout, 2, "open");
            WindowFixture.window("globex", globex.id(), release, rollout, 2, Instant.now().minusSeconds(60), null);
            eventually(() -> device(globex.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in"),
                    response -> "install".equals(response.path("decision")));
        } finally {
            target.blastRadiusPerHour = configured;
        }
    }
}
