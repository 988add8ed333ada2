package dev.ringmaster.device.offer;

import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.WindowFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.DeviceApi.device;
import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A device's own rows are read from the database on its first poll and kept in memory after it: polls that
 * follow, with or without an entity tag, read nothing until a change of those rows is named by the change feed,
 * whichever writer made it (here plain SQL, as another replica or a job would).
 */
@QuarkusTest
class DeviceRowsCacheTest {

    @Inject
    MeterRegistry registry;

    private String product;
    private UUID release;
    private UUID rollout;

    @BeforeEach
    void releaseWithAnOpenRing() {
        product = DeviceApi.product();
        String version = DeviceApi.nextVersion();
        release = DeviceApi.release(product, version, "agent.bin", "agent".getBytes(StandardCharsets.UTF_8),
                "https://downloads.example.com/agent.bin");
        rollout = WindowFixture.rollout(release, "running", 2);
        WindowFixture.ring(rollout, 0, "open");
    }

    @Test
    void pollsAfterTheFirstReadNoRowsUntilAnotherWriterMovesTheWindow() {
        DeviceApi.Enrolled device = DeviceApi.enroll("acme-admin", "acme", "acme-rows-" + UUID.randomUUID(), product, "1.0.0");
        WindowFixture.window("acme", device.id(), release, rollout, 0, Instant.now().plus(Duration.ofMinutes(30)), null);
        checkIn(device).then().statusCode(200).body("reason", equalTo("before-window"));

        double read = rowReads();
        for (int poll = 0; poll < 3; poll++) {
            checkIn(device).then().statusCode(200).body("reason", equalTo("before-window"));
        }
        assertThat(rowReads()).isEqualTo(read);

        // Another writer opens the window: the feed names the device, and its next poll reads and is offered.
        WindowFixture.window("acme", device.id(), release, rollout, 0, Instant.now().minusSeconds(5), null);
        Response offered = eventually(() -> checkIn(device), response -> "install".equals(response.path("decision")));
        assertThat(offered.<String>path("release.releaseId")).isEqualTo(release.toString());
        assertThat(rowReads()).isGreaterThan(read);
    }

    @Test
    void installedVersionsWrittenElsewhereAreReadAgain() {
        DeviceApi.Enrolled device = DeviceApi.enroll("acme-admin", "acme", "acme-rows-" + UUID.randomUUID(), product, "1.0.0");
        WindowFixture.window("acme", device.id(), release, rollout, 0, Instant.now().plus(Duration.ofMinutes(30)), null);
        ddiPoll(device);
        double read = rowReads();
        ddiPoll(device);
        assertThat(rowReads()).isEqualTo(read);

        // V16: a version stored by another writer names the device too. A DDI poll writes nothing itself.
        WindowFixture.run("UPDATE device_installed_versions SET version = '1.0.1' WHERE device_id = ?", device.id());
        eventually(() -> ddiPoll(device), response -> rowReads() > read);
    }

    @Test
    void anActionOpenedElsewhereIsReadAgain() {
        DeviceApi.Enrolled device = DeviceApi.enroll("acme-admin", "acme", "acme-rows-" + UUID.randomUUID(), product, "1.0.0");
        WindowFixture.window("acme", device.id(), release, rollout, 0, Instant.now().plus(Duration.ofMinutes(30)), null);
        checkIn(device).then().statusCode(200);
        double read = rowReads();

        // V16: an action inserted on another replica names its device, as opening and closing one already did.
        WindowFixture.run("""
                INSERT INTO device_actions (tenant_id, device_id, release_id, rollout_id, ring_position, last_kind, open,
                                            unproven, offered_at, updated_at)
                VALUES ('acme', ?, ?, ?, 0, 'offered', true, true, now(), now())""", device.id(), release, rollout);
        eventually(() -> checkIn(device), response -> rowReads() > read);
    }

    private static Response checkIn(DeviceApi.Enrolled device) {
        return device(device.token()).body(Map.of("installed", Map.of(DeviceApi.product(), "1.0.0"))).post("/api/device/v1/check-in");
    }

    private static Response ddiPoll(DeviceApi.Enrolled device) {
        Response response = device(device.token()).get("/acme/controller/v1/" + device.externalId());
        response.then().statusCode(200);
        return response;
    }

    private double rowReads() {
        return registry.counter("ringmaster.device.row.reads").count();
    }
}
