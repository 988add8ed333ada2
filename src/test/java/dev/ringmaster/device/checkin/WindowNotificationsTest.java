package dev.ringmaster.device.checkin;

import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.WindowFixture;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.DeviceApi.device;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window write names the devices it changed (V15): their cached decisions go on every replica, while the
 * other devices of the tenant keep theirs, so a refresh that moves a few windows does not send the whole
 * fleet's next polls to the database.
 */
@QuarkusTest
class WindowNotificationsTest {

    @Inject
    DecisionCache decisions;

    @Test
    void aWindowChangeForgetsTheDecisionOfItsDeviceOnlyNotTheRestOfTheTenant() throws InterruptedException {
        String product = DeviceApi.product();
        String version = DeviceApi.nextVersion();
        UUID release = DeviceApi.release(product, version, "agent.bin", "agent".getBytes(StandardCharsets.UTF_8),
                "https://downloads.example.com/agent.bin");
        UUID rollout = WindowFixture.rollout(release, "running", 2);
        WindowFixture.ring(rollout, 0, "open");
        DeviceApi.Enrolled moved = DeviceApi.enroll("acme-admin", "acme", "acme-moved-" + version, product, "1.0.0");
        DeviceApi.Enrolled kept = DeviceApi.enroll("acme-admin", "acme", "acme-kept-" + version, product, "1.0.0");
        Instant opens = Instant.now().plus(Duration.ofMinutes(30));
        WindowFixture.window("acme", moved.id(), release, rollout, 0, opens, null);
        WindowFixture.window("acme", kept.id(), release, rollout, 0, opens, null);
        String installed = "{" + product + "=1.0.0}";
        for (DeviceApi.Enrolled one : new DeviceApi.Enrolled[] {moved, kept}) {
            device(one.token()).body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in")
                    .then().statusCode(200);
        }
        DecisionCache.Entry keptEntry = decisions.valid(kept.id(), installed, Instant.now()).orElseThrow();
        assertThat(decisions.valid(moved.id(), installed, Instant.now())).isPresent();

        WindowFixture.window("acme", moved.id(), release, rollout, 0, Instant.now().minusSeconds(5), null);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (decisions.valid(moved.id(), installed, Instant.now()).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(decisions.valid(moved.id(), installed, Instant.now())).isEmpty();
        assertThat(decisions.valid(kept.id(), installed, Instant.now())).containsSame(keptEntry);
    }
}
