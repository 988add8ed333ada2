package dev.ringmaster.schedule.store;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Previews of draft policies through the API: counts per day, moves, validation, and only the caller's devices. */
@QuarkusTest
class PolicyPreviewTest {

    private static final Instant RING0 = Instant.parse("2026-11-16T10:00:00Z");
    private static final Instant RING1 = Instant.parse("2026-11-17T10:00:00Z");

    @Test
    void aLongerDeferralMovesEveryDeviceLaterWithoutSavingAnything() {
        WindowFixture fixture = WindowFixture.running("wnd-preview", RING0, RING1);
        as("acme-admin").body(Map.of("mode", "automatic", "deferral", "PT0S")).put("/api/v1/policies/" + fixture.productKey)
                .then().statusCode(200);
        int devices = WindowFixture.activeDevices("acme").size();

        JsonPath preview = as("acme-admin").body(Map.of("mode", "automatic", "deferral", "PT2000H"))
                .post("/api/v1/policies/" + fixture.productKey + "/preview")
                .then().statusCode(200)
                .body("release.version", equalTo("1.0.0"))
                .body("timeZone", equalTo("Europe/Berlin"))
                .extract().jsonPath();
        assertThat(preview.getLong("devices")).isEqualTo(devices);
        assertThat(preview.getList("days")).hasSize(PolicyPreviews.DAYS);
        // 83 days of deferral: nobody within the 30 days shown.
        assertThat(preview.getList("days.devices", Long.class)).allMatch(count -> count == 0);
        assertThat(preview.getLong("later")).isEqualTo(devices);
        assertThat(preview.getLong("moves.later")).isEqualTo(devices);
        assertThat(preview.getLong("moves.earlier")).isZero();
        assertThat(preview.getList("moves.devices.externalId", String.class)).contains("acme-ber-gw-001")
                .allMatch(id -> id.startsWith("acme-"));

        // The same policy as saved: every device on the first day shown, nothing moves.
        JsonPath same = as("acme-operator").body(Map.of("mode", "automatic", "deferral", "PT0S"))
                .post("/api/v1/policies/" + fixture.productKey + "/preview").then().statusCode(200).extract().jsonPath();
        assertThat(same.getLong("days[0].devices")).isEqualTo(devices);
        assertThat(same.getLong("moves.unchanged")).isEqualTo(devices);

        as("acme-viewer").get("/api/v1/policies/" + fixture.productKey).then().statusCode(200).body("deferral", equalTo("PT0S"));
    }

    @Test
    void aDraftIsValidatedLikeAPut() {
        WindowFixture fixture = WindowFixture.running("wnd-preview-bad", RING0, RING1);
        as("acme-admin").body(Map.of("mode", "automatic", "pilot", Map.of("groups", List.of("no-such-group")),
                        "maintenanceWindows", List.of(Map.of("days", List.of("MONDAY"), "start", "01:00", "duration", "PT0S"))))
                .post("/api/v1/policies/" + fixture.productKey + "/preview")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("pilot.groups"))
                .body("errors.field", hasItem("maintenanceWindows[0].duration"));
        as("acme-viewer").body(Map.of("mode", "automatic")).post("/api/v1/policies/" + fixture.productKey + "/preview")
                .then().statusCode(403);
        as("acme-admin").body(Map.of("mode", "automatic")).post("/api/v1/policies/no-such-product/preview")
                .then().statusCode(404);
    }

    @Test
    void aTenantPreviewsOnlyItsOwnDevices() {
        WindowFixture fixture = WindowFixture.running("wnd-preview-own", RING0, RING1);
        JsonPath globex = as("globex-admin").body(Map.of("mode", "automatic", "deferral", "PT2000H"))
                .post("/api/v1/policies/" + fixture.productKey + "/preview").then().statusCode(200).extract().jsonPath();
        assertThat(globex.getLong("devices")).isEqualTo(WindowFixture.activeDevices("globex").size());
        assertThat(globex.getList("moves.devices.externalId", String.class)).isNotEmpty().noneMatch(id -> id.startsWith("acme-"));
    }
}
