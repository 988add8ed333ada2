package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A device outside its maintenance window is told {@code before-window} and is offered once the clock enters it. */
@QuarkusTest
class MaintenanceWindowWaitTest {

    @Test
    void aDeviceWaitsForItsWindowAndIsOfferedInsideIt() {
        Instant now = TimeMachine.freeze();
        TestTenant tenant = TestTenant.create("window-wait", "UTC");
        String product = VendorApi.product("window-wait", List.of(VendorApi.ring("all", "1", 0.5)));
        // Every day, one hour, starting at the next full hour but two (UTC, the tenant's zone).
        Instant opens = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3));
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows", List.of(Map.of(
                        "days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
                        "start", LocalTime.ofInstant(opens, ZoneOffset.UTC).toString(), "duration", "PT1H"))))
                .put("/api/v1/policies/" + product).then().statusCode(200);
        Agent device = Agent.enroll(Api.enrollmentKey(tenant.admin(), 1), "window-1", null, product, "1.0.0");
        VendorApi.publish(product, "2.0.0");
        VendorApi.act(VendorApi.rollout(product, "2.0.0", null), "start", "window test");
        TimeMachine.tick();

        var answer = device.checkIn();
        assertThat(device.waitReason()).isEqualTo("before-window");
        assertThat(Instant.parse(answer.getString("retryAt"))).as("come back when the window opens").isAfter(now)
                .isBeforeOrEqualTo(opens.plus(Duration.ofMinutes(5)));
        var explain = tenant.api().queryParam("product", product).get("/api/v1/devices/" + device.id() + "/explain")
                .then().statusCode(200).extract().jsonPath();
        assertThat(Instant.parse(explain.getString("window.windowStart"))).isEqualTo(opens);
        assertThat(explain.getString("reasons.last().code")).isEqualTo("maintenance-window");

        TimeMachine.advance(Duration.between(now, opens).minusMinutes(1), Duration.ofMinutes(30));
        device.checkIn();
        assertThat(device.waitReason()).as("a minute before the window").isEqualTo("before-window");

        TimeMachine.advance(Duration.ofMinutes(2));
        assertThat(device.checkInAndInstall()).as("inside the window").isEqualTo("2.0.0");
    }
}
