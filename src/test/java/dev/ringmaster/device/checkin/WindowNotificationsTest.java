package dev.ringmaster.device.checkin;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window write names the devices it changed (V15): their cached decisions go on every replica, while the
 * other devices of the tenant keep theirs, so a refresh that moves a few windows does not send the whole
 * fleet's next polls to the database.
 *
 * <p>The subject is the V15 trigger, so like the schema and row-level-security tests this one writes its table
 * in SQL: one window row changed by a statement of its own, as the window store's writer does. Everything else
 * (tenant, devices, rollout, the windows themselves) comes through the API. Front-door changes of one device
 * (a retirement, a group, a zone) also forget the tenant's tokens at once, and a refresh rewrites every row whose
 * earliest start has passed (its reasons say "planned from" the refresh's instant), so none of them can show
 * this alone.
 */
@QuarkusTest
class WindowNotificationsTest {

    @Inject
    DecisionCache decisions;

    @Inject
    EntityManager em;

    @Test
    void aWindowChangeForgetsTheDecisionOfItsDeviceOnlyNotTheRestOfTheTenant() {
        Instant now = TimeMachine.clock().freezeAt(TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        try {
            RolloutStage stage = RolloutStage.open("notify", 1);
            Agent moved = stage.enroll("moved");
            Agent kept = stage.enroll("kept");
            stage.maintenanceWindow(now.plus(Duration.ofMinutes(30)), Duration.ofHours(2));
            String installed = "{" + stage.product() + "=1.0.0}";
            for (Agent one : new Agent[] {moved, kept}) {
                one.checkIn();
                assertThat(one.waitReason()).isEqualTo("before-window");
            }
            DecisionCache.Entry keptEntry = decisions.valid(kept.id(), installed, now).orElseThrow();
            assertThat(decisions.valid(moved.id(), installed, now)).isPresent();

            BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE release_windows SET window_start = ?1 WHERE device_id = ?2 AND release_id = ?3")
                    .setParameter(1, java.sql.Timestamp.from(now.minusSeconds(5))).setParameter(2, moved.id())
                    .setParameter(3, stage.releaseId()).executeUpdate()));

            eventually(() -> decisions.valid(moved.id(), installed, now), cached -> cached.isEmpty());
            assertThat(decisions.valid(kept.id(), installed, now)).containsSame(keptEntry);
            assertThat(moved.checkIn().getString("decision")).isEqualTo("install");
        } finally {
            TimeMachine.clock().thaw();
        }
    }
}
