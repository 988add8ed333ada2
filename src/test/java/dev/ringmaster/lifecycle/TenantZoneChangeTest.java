package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's time-zone change moves the maintenance windows of its devices without a zone of their own at once,
 * not at the next periodic refresh; a device with its own zone keeps its window.
 */
@QuarkusTest
class TenantZoneChangeTest {

    private static final List<String> EVERY_DAY = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
            "SATURDAY", "SUNDAY");

    @Test
    void aTenantZoneChangeMovesZonelessDevicesWindowsAtOnce() {
        Instant now = TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("zone-change", "UTC");
        String product = VendorApi.product("zone-change", List.of(VendorApi.ring("all", "1", 0.5)));
        // A daily two-hour window in the devices' (else the tenant's) zone that is open now in Tokyo, so it is
        // hours away in UTC (Tokyo is 9 hours ahead and keeps no summer time).
        LocalTime opens = LocalTime.ofInstant(now, ZoneId.of("Asia/Tokyo")).truncatedTo(ChronoUnit.HOURS);
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows",
                        List.of(Map.of("days", EVERY_DAY, "start", opens.toString(), "duration", "PT2H"))))
                .put("/api/v1/policies/" + product).then().statusCode(200);
        String key = Api.enrollmentKey(tenant.admin(), 2);
        Agent zoneless = Agent.enroll(key, "zoneless", null, product, "1.0.0");
        Agent inUtc = Agent.enroll(key, "in-utc", "UTC", product, "1.0.0");
        VendorApi.publish(product, "2.0.0");
        VendorApi.act(VendorApi.rollout(product, "2.0.0", null), "start", "zone change test");
        TimeMachine.tick();

        zoneless.checkIn();
        assertThat(zoneless.waitReason()).isEqualTo("before-window");
        assertThat(explain(tenant, zoneless, product).getString("reasons.last().text")).endsWith(" UTC");
        inUtc.checkIn();
        assertThat(inUtc.waitReason()).isEqualTo("before-window");

        Api.as(VendorApi.ADMIN).body(Map.of("timeZone", "Asia/Tokyo")).patch("/api/v1/tenants/" + tenant.id())
                .then().statusCode(200);

        // No time passes and no refresh runs: the change itself moved the window.
        zoneless.checkInUntil(agent -> agent.offered() != null);
        assertThat(zoneless.offered()).as("zoneless device after the zone change: %s", zoneless.waitReason())
                .isEqualTo("2.0.0");
        assertThat(explain(tenant, zoneless, product).getString("reasons.last().text")).endsWith(" Asia/Tokyo");
        inUtc.checkIn();
        assertThat(inUtc.waitReason()).isEqualTo("before-window");
        assertThat(explain(tenant, inUtc, product).getString("reasons.last().text")).endsWith(" UTC");
    }

    private static JsonPath explain(TestTenant tenant, Agent agent, String product) {
        return tenant.api().queryParam("product", product).get("/api/v1/devices/" + agent.id() + "/explain")
                .then().statusCode(200).extract().jsonPath();
    }
}
