package dev.ringmaster.schedule.store;

import dev.ringmaster.rollout.ring.DeviceBucket;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Stored release windows against a real database, built through the front door (vendor API, tenant API, enrolled
 * devices) on the movable clock: the hooks of the policy, device import and rollout APIs, explain through the API,
 * isolation between tenants, incremental recomputation equal to a full one, and the store's digests. Each test has
 * its own product whose rings 0 and 1 open at the test's "now"; the tenant and its devices are the class's own.
 */
@QuarkusTest
class ReleaseWindowStoreTest {

    /** Ring shares: 10 % canary, 50 % early, the rest broad; soaks 1 h and 72 h. */
    private static final List<String> SHARES = List.of("0.1", "0.5", "1");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Set<String> PILOTS = Set.of("it-lab-01", "it-lab-02", "it-lab-03");
    private static final Set<DayOfWeek> TUE_TO_THU = Set.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);

    private static TestTenant tenant;
    private static TestTenant otherTenant;
    private static String viewer;
    private static String otherViewer;
    /** The tenant's devices by external id. */
    private static final Map<String, Agent> DEVICES = new LinkedHashMap<>();

    @Inject
    ReleaseWindows windows;

    /** A product of the test's own with a running rollout of 1.0.0 whose rings 0 and 1 opened now. */
    private record Running(String key, UUID productId, String salt, UUID rolloutId, Instant opened) {
    }

    private static synchronized void fleet() {
        if (tenant != null) {
            return;
        }
        TimeMachine.freeze();
        TestTenant created = TestTenant.create("store", "Europe/Berlin");
        otherTenant = TestTenant.create("store-other");
        viewer = created.user("tenant-viewer");
        otherViewer = otherTenant.user("tenant-viewer");
        String key = Api.enrollmentKey(created.admin(), 10);
        String installed = VendorApi.product("store-base"); // what the devices run; the tests' products are others
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("ber-gw-001", "Europe/Berlin");
        zones.put("ber-gw-002", null);
        zones.put("ber-gw-003", null);
        zones.put("nyc-gw-001", "America/New_York");
        zones.put("nyc-gw-002", "America/New_York");
        zones.put("van-017", null);
        PILOTS.stream().sorted().forEach(pilot -> zones.put(pilot, null));
        zones.forEach((device, zone) -> DEVICES.put(device, Agent.enroll(key, device, zone, installed, "1.0.0")));
        Agent.enroll(Api.enrollmentKey(otherTenant.admin(), 1), "other-gw-001", null, installed, "1.0.0");
        String group = created.api().body(Map.of("name", "it-lab", "pilot", true)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        created.api().body(Map.of("deviceIds", PILOTS.stream().map(pilot -> DEVICES.get(pilot).id().toString()).toList()))
                .post("/api/v1/groups/" + group + "/members").then().statusCode(200);
        Api.awaitEnrolledWindows();
        tenant = created;
    }

    private static Running running(String prefix) {
        fleet();
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        as(VendorApi.ADMIN).body(Map.of("key", key, "name", "Window store test " + key)).post("/api/v1/products")
                .then().statusCode(201);
        List<Map<String, Object>> rings = new ArrayList<>();
        String[] soaks = {"PT1H", "PT72H", "PT1H"};
        for (int i = 0; i < SHARES.size(); i++) {
            Map<String, Object> ring = VendorApi.ring("ring-" + i, SHARES.get(i), 0.05);
            ring.put("minSoak", soaks[i]);
            rings.add(ring);
        }
        String salt = as(VendorApi.ADMIN).body(new HashMap<>(Map.of("name", "standard", "emergency", false, "rings", rings)))
                .post("/api/v1/products/" + key + "/ring-plans").then().statusCode(201).extract().path("salt");
        UUID rollout = VendorApi.started(key, "1.0.0");
        VendorApi.act(rollout, "promote", "window store test: ring 1 opens at once");
        Instant opened = TimeMachine.now();
        Api.awaitEnrolledWindows(); // the rollout's changes are planned on the worker
        UUID productId = system(() -> (UUID) Panache.getEntityManager().createNativeQuery("SELECT id FROM products WHERE key = ?1")
                .setParameter(1, key).getSingleResult());
        return new Running(key, productId, salt, rollout, opened);
    }

    private static Map<String, Object> pilotPolicy(String deferral) {
        return Map.of("mode", "automatic", "deferral", deferral,
                "pilot", Map.of("groups", List.of("it-lab"), "deferral", "PT0S",
                        "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0.0, "soak", "PT24H")),
                "maintenanceWindows", List.of(Map.of("days", List.of("TUESDAY", "WEDNESDAY", "THURSDAY"),
                        "start", "01:00", "duration", "PT4H")));
    }

    /** Where the policy's Tuesday-to-Thursday 01:00-05:00 window lets a device start that may start at {@code earliest}. */
    private static Instant tueToThuWindow(Instant earliest, ZoneId zone) {
        for (LocalDate day = LocalDate.ofInstant(earliest, zone).minusDays(1); ; day = day.plusDays(1)) {
            if (!TUE_TO_THU.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant opens = ZonedDateTime.of(day, LocalTime.of(1, 0), zone).toInstant();
            if (opens.plus(Duration.ofHours(4)).isAfter(earliest)) {
                return opens.isAfter(earliest) ? opens : earliest;
            }
        }
    }

    private static int expectedRing(Running product, UUID device, boolean pilot) {
        int ring = new RingLadder(SHARES.stream().map(BigDecimal::new).toList())
                .ringOf(DeviceBucket.of(device, product.key(), product.salt()));
        return pilot ? Math.min(ring, 1) : ring;
    }

    private static JsonPath explain(String user, Agent device, Running product) {
        return as(user).get("/api/v1/devices/" + device.id() + "/explain?product=" + product.key())
                .then().statusCode(200).extract().jsonPath();
    }

    private void recompute(WindowRecompute.Scope scope) {
        Instant now = TimeMachine.now();
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> windows.recompute(scope, now)));
    }

    @Test
    void pilotGateThenWindowsInEachDevicesZoneExplainedThroughTheApi() {
        Running product = running("wnd-scenario");
        tenant.api().body(pilotPolicy("PT48H")).put("/api/v1/policies/" + product.key()).then().statusCode(200);

        // The policy API recomputed the tenant's windows in its own transaction: a row for every active device.
        Map<UUID, List<Object>> stored = stored(product, tenant);
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(DEVICES.values().stream().map(Agent::id).toList());
        for (Map.Entry<String, Agent> device : DEVICES.entrySet()) {
            assertThat(stored.get(device.getValue().id()).get(2)).as("ring of " + device.getKey())
                    .isEqualTo(String.valueOf(expectedRing(product, device.getValue().id(), PILOTS.contains(device.getKey()))));
        }

        // No pilot has reported: pilots have a window (the next Tuesday-to-Thursday 01:00 Berlin), everybody else waits.
        Agent berlin = DEVICES.get("ber-gw-001");
        Agent pilot = DEVICES.get("it-lab-01");
        JsonPath blocked = explain(viewer, berlin, product);
        assertThat(blocked.getString("window.blockedBy")).isEqualTo("pilot-gate-pending");
        assertThat(blocked.getString("window.windowStart")).isNull();
        Instant pilotWindow = tueToThuWindow(product.opened(), BERLIN);
        as(viewer).get("/api/v1/devices/" + pilot.id() + "/explain?product=" + product.key())
                .then().statusCode(200)
                .body("window.windowStart", equalTo(pilotWindow.toString()))
                .body("reasons.code", hasItems("ring-opened", "maintenance-window"));

        // The pilot installs in its window and comes back on the new version; after the gate's 24 h soak, it passes.
        TimeMachine.advance(Duration.between(TimeMachine.now(), pilotWindow).plusMinutes(1));
        pilot.runs(product.key(), "0.9.0");
        assertThat(pilot.checkIn().getString("release.version")).isEqualTo("1.0.0");
        pilot.reportsSuccess();
        Instant succeeded = TimeMachine.now();
        // Back from the reboot a minute later, running it: that is when its success counts.
        TimeMachine.advance(Duration.ofMinutes(1));
        pilot.checkIn();
        Instant gatePasses = succeeded.isAfter(product.opened().plus(Duration.ofHours(24))) ? succeeded
                : product.opened().plus(Duration.ofHours(24));
        TimeMachine.advance(Duration.between(TimeMachine.now(), gatePasses).plusMinutes(1));
        TimeMachine.refreshWindows();

        JsonPath passed = explain(viewer, berlin, product);
        assertThat(passed.getList("reasons.code", String.class)).contains("pilot-gate", "deferral", "maintenance-window");
        Instant earliest = Instant.parse(passed.getString("window.earliestStart"));
        assertThat(earliest).isAfterOrEqualTo(succeeded).isAfterOrEqualTo(product.opened().plus(Duration.ofHours(48)));
        // Planned from the later of the earliest start and the refresh's instant (an earliest start passed is "now").
        Instant plannedFrom = earliest.isAfter(TimeMachine.now()) ? earliest : TimeMachine.now();
        assertThat(passed.getString("window.windowStart")).isEqualTo(tueToThuWindow(plannedFrom, BERLIN).toString());
        assertThat(passed.getString("window.version")).isEqualTo("1.0.0");
        // New York: Tuesday 01:00 in New York's own zone, six hours after Berlin's.
        Agent newYork = DEVICES.get("nyc-gw-001");
        JsonPath ny = as(tenant.admin()).get("/api/v1/devices/" + newYork.id() + "/explain/" + passed.getString("window.releaseId"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(ny.getString("window.windowStart"))
                .isEqualTo(tueToThuWindow(Instant.parse(ny.getString("window.earliestStart")), NEW_YORK).toString());
        tenant.api().get("/api/v1/devices/" + newYork.id() + "/windows").then().statusCode(200)
                .body("findAll { it.product == '" + product.key() + "' }.size()", equalTo(1));

        // The policy API recomputes in its own transaction: a 20-day deferral pushes every earliest start.
        tenant.api().body(pilotPolicy("PT480H")).put("/api/v1/policies/" + product.key()).then().statusCode(200);
        JsonPath deferred = explain(viewer, berlin, product);
        assertThat(deferred.getList("reasons.text", String.class)).contains("+480h tenant deferral");
        assertThat(Instant.parse(deferred.getString("window.earliestStart")))
                .isAfterOrEqualTo(product.opened().plus(Duration.ofHours(480)));
    }

    @Test
    void anotherTenantsDeviceAnswers404() {
        Running product = running("wnd-isolation");
        Agent device = DEVICES.get("ber-gw-001");
        assertThat(stored(product, tenant)).containsKey(device.id());
        String release = explain(viewer, device, product).getString("window.releaseId");
        otherTenant.api().get("/api/v1/devices/" + device.id() + "/windows").then().statusCode(404);
        otherTenant.api().get("/api/v1/devices/" + device.id() + "/explain?product=" + product.key()).then().statusCode(404);
        as(otherViewer).get("/api/v1/devices/" + device.id() + "/explain/" + release).then().statusCode(404);
        as(VendorApi.ADMIN).get("/api/v1/devices/" + device.id() + "/windows").then().statusCode(403);
        as(viewer).get("/api/v1/devices/" + device.id() + "/explain").then().statusCode(422);
    }

    @Test
    void recomputingChangedDevicesEqualsRecomputingEverything() {
        Running product = running("wnd-incremental");
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows",
                        List.of(Map.of("days", List.of("MONDAY"), "start", "22:00", "duration", "PT2H"))))
                .put("/api/v1/policies/" + product.key()).then().statusCode(200);
        Map<UUID, List<Object>> before = stored(product, tenant);
        Agent moved = DEVICES.get("van-017"); // no zone of its own: Berlin, the tenant's

        // The import's hook recomputes only the device whose zone changed.
        given().auth().oauth2(dev.ringmaster.support.Tokens.of(tenant.admin())).contentType("text/csv")
                .body("deviceId,timeZone\nvan-017,Asia/Tokyo\n").post("/api/v1/devices/import")
                .then().statusCode(200).body("updated", equalTo(1));
        Map<UUID, List<Object>> incremental = stored(product, tenant);
        recompute(WindowRecompute.Scope.product(product.productId()));
        Map<UUID, List<Object>> full = stored(product, tenant);

        assertThat(incremental).isEqualTo(full);
        assertThat(incremental.get(moved.id())).isNotEqualTo(before.get(moved.id())); // Monday 22:00 Tokyo is not Berlin's
        ZonedDateTime start = Instant.parse(incremental.get(moved.id()).get(4).toString()).atZone(ZoneId.of("Asia/Tokyo"));
        assertThat(start.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(start.toLocalTime()).isAfterOrEqualTo(LocalTime.of(22, 0));
    }

    @Test
    void aHaltedReleaseKeepsNoRowForADeviceNeverOfferedItAndAnAbortedOneHasNone() {
        Running halted = running("wnd-halt");
        Agent device = DEVICES.get("ber-gw-002");
        assertThat(stored(halted, tenant).get(device.id()).get(4)).isNotEqualTo("null");

        VendorApi.act(halted.rolloutId(), "emergency-stop", "window store test");
        windows.awaitQueued(60);
        // A halted release is no target: only devices with an open action for it keep a (blocked) row, so they
        // can be told to cancel (TenantPlanTargetsTest); this device was never offered it.
        Map<UUID, List<Object>> rows = stored(halted, tenant);
        assertThat(rows).doesNotContainKey(device.id());
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.get(4)).isEqualTo("null"));

        Running aborted = running("wnd-abort");
        assertThat(stored(aborted, tenant)).containsKey(device.id());
        VendorApi.act(aborted.rolloutId(), "abort", "window store test");
        windows.awaitQueued(60);
        assertThat(stored(aborted, tenant)).isEmpty();
        as(viewer).get("/api/v1/devices/" + device.id() + "/explain?product=" + aborted.key()).then().statusCode(404);
    }

    // What happens to a row changed behind the store's back, or to a deleted device's rows, is the schema's triggers'
    // doing, tested with the schema (schema/ReleaseWindowTriggersTest).
    @Test
    void onlyRowsWhoseAnswerChangedAreWritten() {
        Running product = running("wnd-digest");
        UUID device = DEVICES.get("ber-gw-003").id();
        String version = rowVersion(product, device);

        // Same inputs, same instant: the stored row is not written again (its row version stays).
        recompute(WindowRecompute.Scope.product(product.productId()));
        assertThat(rowVersion(product, device)).isEqualTo(version);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading what the store wrote (reads only)
    // ---------------------------------------------------------------------------------------------------------

    private static <T> T system(Supplier<T> work) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(work::get));
    }

    /** The tenant's stored windows of the product by device, without computed_at. */
    @SuppressWarnings("unchecked")
    private static Map<UUID, List<Object>> stored(Running product, TestTenant owner) {
        return system(() -> {
            List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                            SELECT w.device_id, w.release_id, w.rollout_id, w.ring_position, w.earliest_start, w.window_start,
                                   w.window_end, w.forecast, w.reasons::text
                            FROM release_windows w JOIN releases r ON r.id = w.release_id
                            WHERE r.product_id = ?1 AND w.tenant_id = ?2""")
                    .setParameter(1, product.productId()).setParameter(2, owner.id()).getResultList();
            Map<UUID, List<Object>> byDevice = new TreeMap<>();
            for (Object[] row : rows) {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i < row.length; i++) {
                    values.add(text(row[i]));
                }
                byDevice.put((UUID) row[0], values);
            }
            return byDevice;
        });
    }

    /** A column as text; instants in ISO-8601 whatever type the driver gave. */
    private static String text(Object value) {
        return switch (value) {
            case null -> "null";
            case Timestamp timestamp -> timestamp.toInstant().toString();
            case java.time.OffsetDateTime time -> time.toInstant().toString();
            case java.time.ZonedDateTime time -> time.toInstant().toString();
            default -> value.toString();
        };
    }

    /** PostgreSQL's row version ({@code xmin}): it changes whenever the row is written, even with equal values. */
    private static String rowVersion(Running product, UUID device) {
        return system(() -> Panache.getEntityManager().createNativeQuery(
                        "SELECT xmin::text FROM release_windows WHERE device_id = ?1 AND rollout_id = ?2")
                .setParameter(1, device).setParameter(2, product.rolloutId()).getSingleResult().toString());
    }
}
