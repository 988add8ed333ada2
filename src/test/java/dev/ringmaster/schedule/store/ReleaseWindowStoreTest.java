package dev.ringmaster.schedule.store;

import dev.ringmaster.rollout.RolloutChanged;
import dev.ringmaster.rollout.ring.DeviceBucket;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Stored release windows against a real database: the recompute service at fixed instants, the hooks of the policy
 * API, explain through the API, isolation between tenants, and incremental recomputation equal to a full one.
 */
@QuarkusTest
class ReleaseWindowStoreTest {

    /** Friday 2026-11-20 12:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant RING0 = Instant.parse("2026-11-16T10:00:00Z");
    private static final Instant RING1 = Instant.parse("2026-11-17T10:00:00Z");
    private static final Set<String> PILOTS = Set.of("acme-it-lab-01", "acme-it-lab-02", "acme-it-lab-03");

    @Inject
    ReleaseWindows windows;

    @Inject
    Event<RolloutChanged> rolloutChanged;

    private static Map<String, Object> acmePolicy(String deferral) {
        return Map.of("mode", "automatic", "deferral", deferral,
                "pilot", Map.of("groups", List.of("it-lab"), "deferral", "PT0S",
                        "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0.0, "soak", "PT24H")),
                "maintenanceWindows", List.of(Map.of("days", List.of("TUESDAY", "WEDNESDAY", "THURSDAY"),
                        "start", "01:00", "duration", "PT4H")));
    }

    private void recompute(WindowRecompute.Scope scope, Instant now) {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> windows.recompute(scope, now)));
    }

    private static int expectedRing(UUID device, String productKey, boolean pilot) {
        int ring = new RingLadder(WindowFixture.SHARES.stream().map(BigDecimal::new).toList())
                .ringOf(DeviceBucket.of(device, productKey, WindowFixture.SALT));
        return pilot ? Math.min(ring, 1) : ring;
    }

    @Test
    void pilotGateThenWindowsInEachDevicesZoneExplainedThroughTheApi() {
        WindowFixture fixture = WindowFixture.running("wnd-scenario", RING0, RING1);
        as("acme-admin").body(acmePolicy("PT48H")).put("/api/v1/policies/" + fixture.productKey).then().statusCode(200);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);

        Map<UUID, List<Object>> stored = fixture.stored("acme");
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(WindowFixture.activeDevices("acme"));
        UUID berlin = WindowFixture.device("acme", "acme-ber-gw-001");
        UUID pilot = WindowFixture.device("acme", "acme-it-lab-01");
        for (String external : List.of("acme-ber-gw-001", "acme-it-lab-01", "acme-it-lab-02", "acme-nwk-gw-001")) {
            UUID id = WindowFixture.device("acme", external);
            assertThat(stored.get(id).get(2)).as("ring of " + external)
                    .isEqualTo(String.valueOf(expectedRing(id, fixture.productKey, PILOTS.contains(external))));
        }

        // No pilot has reported: pilots have a window (next Tuesday 01:00 Berlin), everybody else waits.
        JsonPath blocked = as("acme-viewer").get("/api/v1/devices/" + berlin + "/explain?product=" + fixture.productKey)
                .then().statusCode(200).extract().jsonPath();
        assertThat(blocked.getString("window.blockedBy")).isEqualTo("pilot-gate-pending");
        assertThat(blocked.getString("window.windowStart")).isNull();
        as("acme-viewer").get("/api/v1/devices/" + pilot + "/explain?product=" + fixture.productKey)
                .then().statusCode(200)
                .body("window.windowStart", equalTo("2026-11-24T00:00:00Z"))
                .body("reasons.code", hasItems("ring-opened", "now", "maintenance-window"));

        // One pilot succeeds on Wednesday 03:00 UTC: the gate passes (soak of 24 h after the pilot ring opened).
        WindowFixture.sql("""
                INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, client_event_id, kind, occurred_at, received_at)
                VALUES ('acme', ?1, ?2, ?3, 'wnd-1', 'offered', ?4, ?4), ('acme', ?1, ?2, ?3, 'wnd-2', 'succeeded', ?5, ?5)""",
                pilot, fixture.releaseId, fixture.rolloutId, Instant.parse("2026-11-18T00:30:00Z"),
                Instant.parse("2026-11-18T03:00:00Z"));
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);

        JsonPath passed = as("acme-viewer").get("/api/v1/devices/" + berlin + "/explain?product=" + fixture.productKey)
                .then().statusCode(200).extract().jsonPath();
        assertThat(passed.getList("reasons.code", String.class)).contains("pilot-gate", "deferral", "maintenance-window");
        assertThat(passed.getString("window.windowStart")).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(Instant.parse(passed.getString("window.earliestStart"))).isAfterOrEqualTo(Instant.parse("2026-11-18T03:00:00Z"));
        assertThat(passed.getString("window.version")).isEqualTo("1.0.0");
        // New York: Tuesday 01:00 EST is 06:00 UTC.
        UUID newYork = WindowFixture.device("acme", "acme-nwk-gw-001");
        as("acme-admin").get("/api/v1/devices/" + newYork + "/explain/" + fixture.releaseId).then().statusCode(200)
                .body("window.windowStart", equalTo("2026-11-24T06:00:00Z"));
        as("acme-admin").get("/api/v1/devices/" + newYork + "/windows").then().statusCode(200)
                .body("findAll { it.product == '" + fixture.productKey + "' }.size()", equalTo(1));

        // The policy API recomputes in its own transaction: a 20-day deferral pushes every earliest start.
        as("acme-admin").body(acmePolicy("PT480H")).put("/api/v1/policies/" + fixture.productKey).then().statusCode(200);
        JsonPath deferred = as("acme-viewer").get("/api/v1/devices/" + berlin + "/explain?product=" + fixture.productKey)
                .then().statusCode(200).extract().jsonPath();
        assertThat(deferred.getList("reasons.text", String.class)).contains("+480h tenant deferral");
        assertThat(Instant.parse(deferred.getString("window.earliestStart"))).isAfterOrEqualTo(RING0.plusSeconds(480 * 3600));
    }

    @Test
    void anotherTenantsDeviceAnswers404() {
        WindowFixture fixture = WindowFixture.running("wnd-isolation", RING0, RING1);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        UUID acmeDevice = WindowFixture.device("acme", "acme-ber-gw-001");
        assertThat(fixture.stored("acme")).containsKey(acmeDevice);
        as("globex-admin").get("/api/v1/devices/" + acmeDevice + "/windows").then().statusCode(404);
        as("globex-admin").get("/api/v1/devices/" + acmeDevice + "/explain?product=" + fixture.productKey).then().statusCode(404);
        as("globex-viewer").get("/api/v1/devices/" + acmeDevice + "/explain/" + fixture.releaseId).then().statusCode(404);
        as("vera.vendor").get("/api/v1/devices/" + acmeDevice + "/windows").then().statusCode(403);
        as("acme-viewer").get("/api/v1/devices/" + acmeDevice + "/explain").then().statusCode(422);
    }

    @Test
    void recomputingChangedDevicesEqualsRecomputingEverything() {
        WindowFixture fixture = WindowFixture.running("wnd-incremental", RING0, RING1);
        as("acme-admin").body(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows",
                List.of(Map.of("days", List.of("MONDAY"), "start", "22:00", "duration", "PT2H"))))
                .put("/api/v1/policies/" + fixture.productKey).then().statusCode(200);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        Map<UUID, List<Object>> before = fixture.stored("acme");
        UUID moved = WindowFixture.device("acme", "acme-van-017"); // no zone of its own: Berlin, the tenant's
        try {
            WindowFixture.sql("UPDATE devices SET time_zone = 'Asia/Tokyo' WHERE id = ?1", moved);
            recompute(WindowRecompute.Scope.devices(fixture.productId, "acme", List.of(moved)), NOW);
            Map<UUID, List<Object>> incremental = fixture.stored("acme");
            recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
            Map<UUID, List<Object>> full = fixture.stored("acme");

            assertThat(incremental).isEqualTo(full);
            assertThat(incremental.get(moved)).isNotEqualTo(before.get(moved)); // Monday 22:00 Tokyo is not Berlin's
            assertThat(incremental.get(moved).get(4)).asString().isEqualTo("2026-11-23T13:00:00Z"); // 22:00 JST = 13:00 UTC
        } finally {
            WindowFixture.sql("UPDATE devices SET time_zone = NULL WHERE id = ?1", moved);
        }
    }

    @Test
    void haltedRolloutKeepsBlockedRowsAndAnAbortedOneHasNone() {
        WindowFixture fixture = WindowFixture.running("wnd-halt", RING0, RING1);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        UUID device = WindowFixture.device("acme", "acme-ber-gw-002");
        assertThat(fixture.stored("acme").get(device).get(4)).isNotEqualTo("null");

        WindowFixture.sql("UPDATE rollouts SET state = 'halted' WHERE id = ?1", fixture.rolloutId);
        rolloutChanged.fire(new RolloutChanged(fixture.rolloutId, fixture.releaseId, fixture.productId));
        windows.awaitQueued(60);
        Map<UUID, List<Object>> halted = fixture.stored("acme");
        assertThat(halted).containsKey(device);
        assertThat(halted.values()).allSatisfy(row -> assertThat(row.get(4)).isEqualTo("null"));
        as("acme-viewer").get("/api/v1/devices/" + device + "/explain?product=" + fixture.productKey).then().statusCode(200)
                .body("window.blockedBy", equalTo("ring-unknown"));

        WindowFixture.sql("UPDATE rollouts SET state = 'aborted' WHERE id = ?1", fixture.rolloutId);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        assertThat(fixture.stored("acme")).isEmpty();
        as("acme-viewer").get("/api/v1/devices/" + device + "/explain?product=" + fixture.productKey).then().statusCode(404);
    }

    @Test
    void onlyRowsWhoseAnswerChangedAreWrittenAndARowChangedByAnyoneElseIsRepaired() {
        WindowFixture fixture = WindowFixture.running("wnd-digest", RING0, RING1);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        Map<UUID, List<Object>> computed = fixture.stored("acme");
        UUID device = WindowFixture.device("acme", "acme-ber-gw-003");
        String version = rowVersion(fixture, device);

        // Same inputs, same instant: the stored row is not written again (its row version stays).
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        assertThat(rowVersion(fixture, device)).isEqualTo(version);

        // A change made behind the store's back forgets the row's digest, so the next recomputation puts it right.
        WindowFixture.sql("UPDATE release_windows SET ring_position = 2, window_start = NULL WHERE device_id = ?1 AND release_id = ?2",
                device, fixture.releaseId);
        assertThat(WindowFixture.system(() -> Panache.getEntityManager().createNativeQuery(
                        "SELECT digest FROM release_windows WHERE device_id = ?1 AND release_id = ?2")
                .setParameter(1, device).setParameter(2, fixture.releaseId).getSingleResult())).isNull();
        recompute(WindowRecompute.Scope.tenant(fixture.productId, "acme"), NOW);
        assertThat(fixture.stored("acme")).isEqualTo(computed);
    }

    @Test
    void deletingADeviceDeletesItsWindows() {
        WindowFixture fixture = WindowFixture.running("wnd-delete", RING0, RING1);
        recompute(WindowRecompute.Scope.product(fixture.productId), NOW);
        UUID device = WindowFixture.device("acme", "acme-nwk-gw-002");
        assertThat(fixture.stored("acme")).containsKey(device);
        // Rolled back by the exception at its end: other tests share the sample devices.
        assertThatThrownBy(() -> BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> {
            var em = Panache.getEntityManager();
            em.createNativeQuery("DELETE FROM devices WHERE id = ?1").setParameter(1, device).executeUpdate();
            assertThat(em.createNativeQuery("SELECT count(*) FROM release_windows WHERE device_id = ?1")
                    .setParameter(1, device).getSingleResult()).isEqualTo(0L);
            throw new IllegalStateException("roll back");
        }))).hasMessageContaining("roll back");
        assertThat(fixture.stored("acme")).containsKey(device);
    }

    /** PostgreSQL's row version ({@code xmin}): it changes whenever the row is written, even with equal values. */
    private static String rowVersion(WindowFixture fixture, UUID device) {
        return WindowFixture.system(() -> Panache.getEntityManager().createNativeQuery(
                        "SELECT xmin::text FROM release_windows WHERE device_id = ?1 AND release_id = ?2")
                .setParameter(1, device).setParameter(2, fixture.releaseId).getSingleResult().toString());
    }
}
