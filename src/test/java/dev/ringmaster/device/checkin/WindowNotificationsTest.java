package dev.ringmaster.device.checkin;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.device.DeviceTokenCache;
import dev.ringmaster.device.PollMetrics;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.PilotGroups;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window write names the devices it changed (V15): their cached decisions go on every replica, while the
 * other devices of the tenant keep theirs, so a refresh that moves a few windows does not send the whole
 * fleet's next polls to the database.
 *
 * <p>Everything comes through the front door. Most front-door changes of one device (a retirement, a group, a zone)
 * also forget the tenant's tokens at once, and a policy or rollout change forgets the tenant or everyone, so none of
 * them can show this alone. The periodic refresh can: it rewrites a row whose earliest start has passed (its reasons
 * say "planned from" the refresh's instant) and leaves alone a row whose answer did not move. Here a pilot's earliest
 * start has passed, while the tenant's other device waits for the pilot gate with no earliest start at all; the
 * refresh rewrites the pilot's row only.
 */
@QuarkusTest
class WindowNotificationsTest {

    @Inject
    DecisionCache decisions;

    @Inject
    DeviceTokenCache tokens;

    @Test
    void aWindowChangeForgetsTheDecisionOfItsDeviceOnlyNotTheRestOfTheTenant() {
        Instant now = TimeMachine.clock().freezeAt(TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        try {
            RolloutStage stage = RolloutStage.open("notify", 1);
            Agent moved = stage.enroll("moved");
            Agent kept = stage.enroll("kept");
            PilotGroups.create(stage.tenant(), "lab", List.of(moved));
            Instant opens = now.plus(Duration.ofMinutes(30));
            Map<String, Object> window = Map.of("days", Arrays.stream(java.time.DayOfWeek.values()).map(Enum::name).toList(),
                    "start", LocalTime.ofInstant(opens, ZoneOffset.UTC).toString(), "duration", "PT2H", "timeZone", "UTC");
            stage.policy(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows", List.of(window),
                    "pilot", Map.of("groups", List.of("lab"), "deferral", "PT0S",
                            "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0, "soak", "PT0S"))));
            String installed = "{" + stage.product() + "=1.0.0}";
            moved.checkIn();
            assertThat(moved.waitReason()).isEqualTo("before-window");
            kept.checkIn();
            assertThat(kept.waitReason()).isEqualTo("pilot-gate");
            DecisionCache.Entry keptEntry = decisions.valid(PollMetrics.Protocol.NATIVE, kept.id(), installed, now).orElseThrow();
            assertThat(decisions.valid(PollMetrics.Protocol.NATIVE, moved.id(), installed, now)).isPresent();

            TimeMachine.clock().freezeAt(now.plus(Duration.ofMinutes(1)));
            TimeMachine.refreshWindows(stage.product());

            // Judged as of the first instant, so an entry can only have gone because it was forgotten.
            eventually(() -> decisions.valid(PollMetrics.Protocol.NATIVE, moved.id(), installed, now), cached -> cached.isEmpty());
            assertThat(decisions.valid(PollMetrics.Protocol.NATIVE, kept.id(), installed, now)).containsSame(keptEntry);

            // What the devices then get: the pilot installs once its maintenance window opens; the other still waits.
            TimeMachine.advance(Duration.between(TimeMachine.now(), opens).plusMinutes(1));
            assertThat(moved.checkIn().getString("decision")).isEqualTo("install");
            kept.checkIn();
            assertThat(kept.waitReason()).isEqualTo("pilot-gate");
        } finally {
            TimeMachine.clock().thaw();
        }
    }

    /**
     * A policy edit changes decisions, not who the devices are: every replica forgets the tenant's decisions (V25,
     * 'policy:'), and the devices' tokens stay in memory, so the fleet's next polls do not all authenticate
     * against the database again.
     */
    @Test
    void aPolicyEditForgetsTheTenantsDecisionsButNotItsDevicesTokens() {
        Instant now = TimeMachine.clock().freezeAt(TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        try {
            RolloutStage stage = RolloutStage.open("policy-notify", 1);
            Agent device = stage.enroll("device");
            String installed = "{" + stage.product() + "=1.0.0}";
            stage.policy(Map.of("mode", "automatic", "deferral", "P3D"));
            TimeMachine.tick();
            device.checkIn();
            assertThat(device.waitReason()).isEqualTo("before-window");
            assertThat(decisions.valid(PollMetrics.Protocol.NATIVE, device.id(), installed, now)).isPresent();
            assertThat(tokens.get(Secrets.hash(device.token()))).isPresent();

            stage.policy(Map.of("mode", "automatic", "deferral", "PT0S"));

            eventually(() -> decisions.valid(PollMetrics.Protocol.NATIVE, device.id(), installed, now), cached -> cached.isEmpty());
            assertThat(tokens.get(Secrets.hash(device.token()))).isPresent();
            TimeMachine.tick();
            assertThat(device.checkIn().getString("decision")).isEqualTo("install");
        } finally {
            TimeMachine.clock().thaw();
        }
    }
}
