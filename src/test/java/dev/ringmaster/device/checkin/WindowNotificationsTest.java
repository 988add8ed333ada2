package dev.ringmaster.device.checkin;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.Eventually.eventually;
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

    /** Two devices wait for their maintenance window; one is retired, which deletes its windows alone. */
    @Test
    void aWindowChangeForgetsTheDecisionOfItsDeviceOnlyNotTheRestOfTheTenant() {
        Instant now = TimeMachine.clock().freezeAt(TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        try {
            RolloutStage stage = RolloutStage.open("notify", 1);
            String product = stage.product();
            Agent moved = stage.enroll("moved");
            Agent kept = stage.enroll("kept");
            stage.maintenanceWindow(now.plus(Duration.ofMinutes(30)), Duration.ofHours(2));
            String installed = "{" + product + "=1.0.0}";
            for (Agent one : new Agent[] {moved, kept}) {
                one.checkIn();
                assertThat(one.waitReason()).isEqualTo("before-window");
            }
            DecisionCache.Entry keptEntry = decisions.valid(kept.id(), installed, now).orElseThrow();
            assertThat(decisions.valid(moved.id(), installed, now)).isPresent();

            stage.tenant().api().post("/api/v1/devices/" + moved.id() + "/retire").then().statusCode(200);
            Api.awaitEnrolledWindows();

            eventually(() -> decisions.valid(moved.id(), installed, now), cached -> cached.isEmpty());
            assertThat(decisions.valid(kept.id(), installed, now)).containsSame(keptEntry);
        } finally {
            TimeMachine.clock().thaw();
        }
    }
}
