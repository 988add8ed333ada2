package dev.ringmaster.schema;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The release-window triggers of V12 that guard the table against writers other than the window store. In the
 * service nobody else writes the table (the store is its only writer) and no API deletes a device, so no front-door
 * event can reach these triggers: what they guard against is a hand repair or a purge in SQL by an operator. Their
 * subject is SQL itself, so like the other schema tests this class writes the table in SQL; everything the rows come
 * from (tenant, product, rollout, devices, the windows themselves) is made through the API, and what is asserted is
 * read back through the API where it can be.
 */
@QuarkusTest
class ReleaseWindowTriggersTest {

    @Inject
    EntityManager em;

    @Test
    void aRowChangedBehindTheStoresBackLosesItsDigestAndTheNextRefreshPutsItRight() {
        TimeMachine.freeze(); // the refresh plans at the instant the rows were planned at: same inputs, same answer
        RolloutStage stage = RolloutStage.open("wnd-digest-trigger", 1);
        Agent device = stage.enroll("edited");
        Map<String, Object> planned = window(stage, device);
        assertThat(planned).containsEntry("ring", 0);

        system(() -> em.createNativeQuery("""
                        UPDATE release_windows SET ring_position = 2, window_start = NULL
                        WHERE device_id = ?1 AND rollout_id = ?2""")
                .setParameter(1, device.id()).setParameter(2, stage.rollout()).executeUpdate());
        assertThat(system(() -> em.createNativeQuery(
                        "SELECT digest FROM release_windows WHERE device_id = ?1 AND rollout_id = ?2")
                .setParameter(1, device.id()).setParameter(2, stage.rollout()).getSingleResult()))
                .as("a write that sets no digest of its own forgets it").isNull();
        assertThat(window(stage, device)).containsEntry("ring", 2);

        // The refresh finds inputs unchanged; only the missing digest makes it write the row again.
        TimeMachine.refreshWindows();
        assertThat(window(stage, device)).isEqualTo(planned);
    }

    @Test
    void deletingADeviceDeletesItsWindows() {
        RolloutStage stage = RolloutStage.open("wnd-delete-trigger", 1);
        UUID device = stage.enroll("deleted").id();
        long windows = windowRows(device);
        assertThat(windows).isPositive();
        // In a transaction rolled back by the exception at its end: the device and its rows stay for the others.
        assertThatThrownBy(() -> BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("DELETE FROM devices WHERE id = ?1").setParameter(1, device).executeUpdate();
            assertThat(em.createNativeQuery("SELECT count(*) FROM release_windows WHERE device_id = ?1")
                    .setParameter(1, device).getSingleResult()).isEqualTo(0L);
            throw new IllegalStateException("roll back");
        }))).hasMessageContaining("roll back");
        assertThat(windowRows(device)).isEqualTo(windows);
    }

    private static long windowRows(UUID device) {
        return Db.count("SELECT count(*) FROM release_windows WHERE device_id = ?", device);
    }

    /** The device's window for the stage's release as the tenant's API shows it, without when it was computed. */
    private static Map<String, Object> window(RolloutStage stage, Agent device) {
        Map<String, Object> window = new HashMap<>(stage.window(device)
                .getMap("find { it.releaseId == '" + stage.releaseId() + "' }"));
        window.keySet().removeIf(key -> key.toLowerCase().contains("computed"));
        return window;
    }

    private static <T> T system(Supplier<T> work) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(work::get));
    }
}
