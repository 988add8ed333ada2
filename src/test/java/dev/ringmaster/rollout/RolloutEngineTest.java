package dev.ringmaster.rollout;

import dev.ringmaster.device.LastSeen;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Parallel;
import dev.ringmaster.support.Management;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.ringmaster.support.Api.as;
import static dev.ringmaster.support.VendorApi.ADMIN;
import static dev.ringmaster.support.VendorApi.MANAGER;
import static dev.ringmaster.support.VendorApi.act;
import static dev.ringmaster.support.VendorApi.get;
import static dev.ringmaster.support.VendorApi.state;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The rollout engine end to end: rollouts created and acted on through the API with real vendor tokens, a fleet of
 * the class's own reporting through the device API, and the reconciler run as the frozen clock is moved to
 * instants counted from the moment ring 0 opened, so every scenario is deterministic.
 */
@QuarkusTest
class RolloutEngineTest {

    private static final String PROBLEM = "application/problem+json";
    private static final Duration SOAK = Duration.ofHours(1);
    private static final int FLEET = 200;

    @Inject
    EntityManager em;

    @Inject
    Reconciler reconciler;

    @Inject
    DataSource dataSource;

    @Inject
    LastSeen lastSeen;

    /** The class's tenant and its devices, enrolled once through the API; each test moves them to its own product. */
    private static TestTenant tenant;
    private static List<Agent> fleet;

    /** A started rollout of a new product's 1.0.0, with the fleet's devices by the ring the store put them in. */
    private record Started(String product, UUID rollout, Map<Integer, List<Agent>> rings, Instant opened) {

        List<Agent> ring(int position) {
            return rings.getOrDefault(position, List.of());
        }

        Instant openedAt(int ring) {
            return Instant.parse(get(rollout).getString("rings[" + ring + "].openedAt"));
        }
    }

    @BeforeEach
    void freezeTheClock() {
        TimeMachine.freeze();
        if (fleet == null) {
            tenant = TestTenant.create("engine");
            String key = Api.enrollmentKey(tenant.admin(), FLEET);
            fleet = Parallel.map(IntStream.range(0, FLEET).boxed().toList(),
                    i -> Agent.enroll(key, "engine-" + i, null, "agent", "0.9.0"));
        }
    }

    @AfterEach
    void thawTheClock() {
        TimeMachine.clock().thaw();
    }

    private Started started(String prefix) {
        String product = VendorApi.product(prefix);
        tenant.followsRolloutsAtOnce(product);
        fleet.forEach(agent -> agent.runsOnly(product, "0.9.0"));
        // Every device reports the product once before the start, so each ring's devices not yet offered were checking
        // in when it opened: the control group the outage rule compares the offered ones with.
        Parallel.forEach(fleet, Agent::checkInPastCancels);
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);
        JsonPath afterStart = act(rollout, "start", "go");
        assertThat(afterStart.getString("state")).isEqualTo("running");
        // The store places every device in the rollout's rings shortly after the start; wait for it.
        TimeMachine.tick();
        Instant opened = Instant.parse(afterStart.getString("rings[0].openedAt"));
        UUID release = Db.releaseId(product, "1.0.0");
        List<Integer> ringOf = Parallel.map(fleet, agent -> Api.ring(tenant.api(), agent.id(), release));
        Map<Integer, List<Agent>> rings = new HashMap<>();
        for (int i = 0; i < fleet.size(); i++) {
            rings.computeIfAbsent(ringOf.get(i), position -> new ArrayList<>()).add(fleet.get(i));
        }
        assertThat(rings.get(0)).as("ring 0 needs devices for the gate").hasSizeGreaterThan(20);
        return new Started(product, rollout, rings, opened);
    }

    /** Moves the clock to {@code at} (never back) without running anything. */
    private static void at(Instant at) {
        if (at.isAfter(TimeMachine.now())) {
            TimeMachine.clock().freezeAt(at);
        }
    }

    /** Moves the clock to {@code at} and runs the scheduled work there: the reconciler's pass among it. */
    private static void reconcileAt(Instant at) {
        at(at);
        TimeMachine.tick();
    }

    /**
     * The devices check in and are offered the release (they must be: their ring is open). A shared device first
     * cancels what an earlier test's stopped rollout left open on it, as it is told to.
     */
    private static void offered(List<Agent> devices) {
        Parallel.forEach(devices, agent -> {
            agent.checkInPastCancels();
            assertThat(agent.decision()).as(agent.externalId()).isEqualTo("install");
        });
    }

    /**
     * Every device of the ring offered a minute after the ring opened, succeeded ten minutes in and checked in
     * running the release a minute later (which makes the success count).
     */
    private static void healthy(Started started, int ring) {
        Instant opened = started.openedAt(ring);
        at(opened.plusSeconds(60));
        offered(started.ring(ring));
        at(opened.plusSeconds(600));
        Parallel.forEach(started.ring(ring), Agent::reportsSuccess);
        at(opened.plusSeconds(660));
        Parallel.forEach(started.ring(ring), Agent::checkIn);
    }

    private long audited(UUID rollout, String action) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM audit_log WHERE target_type = 'rollout' AND target_id = ?1 AND action = ?2")
                .setParameter(1, rollout.toString()).setParameter(2, action).getSingleResult()).longValue()));
    }

    @Test
    void aHealthyRolloutPassesEveryRingAfterItsSoakAndCompletes() {
        Started started = started("healthy");
        healthy(started, 0);

        reconcileAt(started.opened().plus(Duration.ofMinutes(30)));
        assertThat(get(started.rollout()).getInt("currentRing")).as("soak not elapsed").isZero();

        reconcileAt(started.opened().plus(SOAK).plusSeconds(60));
        JsonPath ring1 = get(started.rollout());
        assertThat(ring1.getInt("currentRing")).isEqualTo(1);
        assertThat(ring1.getString("rings[0].state")).isEqualTo("passed");
        assertThat(ring1.getInt("rings[0].health.succeeded")).isEqualTo(started.ring(0).size());
        assertThat(ring1.getString("rings[0].gateOutcome")).isEqualTo("pass");
        assertThat(Management.metrics())
                .contains("ringmaster_ring_devices{product=\"" + started.product() + "\",ring=\"canary\"");

        healthy(started, 1);
        reconcileAt(started.openedAt(1).plus(SOAK).plusSeconds(60));
        assertThat(get(started.rollout()).getInt("currentRing")).isEqualTo(2);
        healthy(started, 2);
        reconcileAt(started.openedAt(2).plus(SOAK).plusSeconds(60));

        assertThat(state(started.rollout())).isEqualTo("completed");
        assertThat(VendorApi.releaseState(started.product(), "1.0.0")).isEqualTo("completed");
        assertThat(audited(started.rollout(), "rollout.ring-opened")).isEqualTo(3);
        assertThat(audited(started.rollout(), "rollout.ring-passed")).isEqualTo(3);
        assertThat(audited(started.rollout(), "rollout.complete")).isEqualTo(1);
        JsonPath health = as(MANAGER).get("/api/v1/rollouts/" + started.rollout() + "/health")
                .then().statusCode(200).extract().jsonPath();
        assertThat(health.getList("rings.name")).containsExactly("canary", "early", "broad");
        assertThat(health.getInt("rings[0].samples[-1].succeeded")).isEqualTo(started.ring(0).size());
    }

    @Test
    void failuresAboveTheBoundHaltInRingZeroAndTheNextRingNeverOpens() {
        Started started = started("failing");
        List<Agent> ring0 = started.ring(0);
        List<Agent> failing = ring0.subList(0, ring0.size() / 2);
        List<Agent> fine = ring0.subList(ring0.size() / 2, ring0.size());
        at(started.opened().plusSeconds(60));
        offered(ring0);
        at(started.opened().plusSeconds(600));
        failing.forEach(agent -> agent.report("failed"));
        fine.forEach(Agent::reportsSuccess);

        reconcileAt(started.opened().plus(Duration.ofMinutes(15)));

        JsonPath halted = get(started.rollout());
        assertThat(halted.getString("state")).isEqualTo("halted");
        assertThat(halted.getString("rings[0].state")).isEqualTo("halted");
        assertThat(halted.getString("rings[1].state")).isEqualTo("pending");
        assertThat(halted.getString("stateReason")).contains("failure rate");
        assertThat(VendorApi.releaseState(started.product(), "1.0.0")).isEqualTo("halted");
        reconcileAt(started.opened().plus(Duration.ofMinutes(20)));
        assertThat(audited(started.rollout(), "rollout.halt")).isEqualTo(1);
        // What the devices get: nobody outside ring 0 is ever offered the halted release.
        for (int ring = 1; ring < 3; ring++) {
            for (Agent agent : started.ring(ring)) {
                agent.checkInPastCancels();
                assertThat(agent.offered()).as(agent.externalId()).isNotEqualTo("1.0.0");
            }
        }
    }

    @Test
    void theSameRawFailureRateHaltsOnlyOnceThereAreEnoughReports() {
        Started started = started("few-reports");
        List<Agent> ring0 = started.ring(0);
        at(started.opened().plusSeconds(60));
        offered(ring0.subList(0, 5));
        at(started.opened().plusSeconds(600));
        ring0.subList(0, 2).forEach(agent -> agent.report("failed"));
        ring0.subList(2, 5).forEach(Agent::reportsSuccess);
        ring0.subList(5, ring0.size()).forEach(Agent::checkInPastCancels);
        at(started.opened().plusSeconds(660));
        ring0.subList(2, 5).forEach(Agent::checkIn);

        reconcileAt(started.opened().plus(Duration.ofMinutes(15)));
        assertThat(state(started.rollout())).as("2 of 5 failed: 40 %%, but under 10 reports").isEqualTo("running");

        ring0.subList(6, 11).forEach(agent -> agent.report("failed"));
        ring0.get(5).report("failed");
        ring0.subList(11, 20).forEach(Agent::reportsSuccess);
        at(started.opened().plus(Duration.ofSeconds(15 * 60 + 30)));
        ring0.subList(11, 20).forEach(Agent::checkIn);
        reconcileAt(started.opened().plus(Duration.ofMinutes(16)));
        assertThat(state(started.rollout())).as("8 of 20 failed: the same 40 %%, now enough").isEqualTo("halted");
    }

    @Test
    void offeredDevicesThatGoSilentHaltTheRolloutWhileTheOthersStillCheckIn() {
        Started started = started("silent");
        // The tenant lets a tenth of its devices install at once: the 20 that brick hold that room, so the rest of
        // the ring keeps polling without being offered — the not-yet-updated devices the silence is compared with.
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "maxConcurrent", 0.1))
                .put("/api/v1/policies/" + started.product()).then().statusCode(200);
        List<Agent> ring0 = started.ring(0);
        List<Agent> bricked = ring0.subList(0, 20);
        at(started.opened().plusSeconds(60));
        offered(bricked);
        at(started.opened().plus(Duration.ofMinutes(40)));
        for (Agent agent : ring0.subList(20, ring0.size())) {
            agent.checkInPastCancels();
            assertThat(agent.waitReason()).isEqualTo("concurrency-cap");
        }

        reconcileAt(started.opened().plus(Duration.ofMinutes(45)));

        JsonPath halted = get(started.rollout());
        assertThat(halted.getString("state")).isEqualTo("halted");
        assertThat(halted.getString("stateReason")).contains("silence counts as failure");
        JsonPath sampled = as(MANAGER).get("/api/v1/rollouts/" + started.rollout() + "/health")
                .then().statusCode(200).extract().jsonPath();
        assertThat(sampled.getInt("rings[0].samples[-1].silent")).as("counted when the reconciler ran").isEqualTo(20);
    }

    @Test
    void whenEveryoneGoesQuietTheRingIsHeldNotHaltedAndRunsAgainWhenTheyReturn() {
        Started started = started("outage");
        List<Agent> ring0 = started.ring(0);
        at(started.opened().plusSeconds(60));
        offered(ring0.subList(0, 20));

        reconcileAt(started.opened().plus(Duration.ofMinutes(45)));
        JsonPath held = get(started.rollout());
        assertThat(held.getString("state")).isEqualTo("on_hold");
        assertThat(held.getString("rings[0].state")).isEqualTo("on_hold");
        assertThat(held.getString("stateReason")).contains("outage");

        at(started.opened().plus(Duration.ofMinutes(50)));
        started.rings().values().stream().flatMap(List::stream).forEach(Agent::checkInPastCancels);
        reconcileAt(started.opened().plus(Duration.ofMinutes(55)));
        assertThat(state(started.rollout())).isEqualTo("running");
        assertThat(audited(started.rollout(), "rollout.hold")).isEqualTo(1);
        assertThat(audited(started.rollout(), "rollout.hold-cleared")).isEqualTo(1);
    }

    @Test
    void aPausedRolloutDoesNotMoveUntilResumed() {
        Started started = started("paused");
        healthy(started, 0);
        act(started.rollout(), "pause", "customer escalation");

        reconcileAt(started.opened().plus(SOAK).plusSeconds(60));
        JsonPath paused = get(started.rollout());
        assertThat(paused.getString("state")).isEqualTo("paused");
        assertThat(paused.getInt("currentRing")).isZero();

        act(started.rollout(), "resume", "resolved");
        reconcileAt(started.opened().plus(SOAK).plusSeconds(120));
        assertThat(get(started.rollout()).getInt("currentRing")).isEqualTo(1);
    }

    @Test
    void promotingNeedsAReasonAndOpensTheNextRingWithoutTheGate() {
        Started started = started("promote");
        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + started.rollout() + "/promote")
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("reason"));
        assertThat(get(started.rollout()).getInt("currentRing")).isZero();

        JsonPath promoted = act(started.rollout(), "promote", "vendor lab verified the build");
        assertThat(promoted.getInt("currentRing")).isEqualTo(1);
        assertThat(promoted.getString("rings[0].promotedBy")).isEqualTo(MANAGER);
        assertThat(promoted.getString("rings[0].promoteReason")).isEqualTo("vendor lab verified the build");
        assertThat(promoted.getString("rings[1].state")).isEqualTo("open");
    }

    @Test
    void anAbortedRolloutGivesTheReleaseBackForAnotherRollout() {
        Started started = started("abort");
        assertThat(act(started.rollout(), "abort", "wrong plan").getString("state")).isEqualTo("aborted");
        assertThat(VendorApi.releaseState(started.product(), "1.0.0")).isEqualTo("published");
        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + started.rollout() + "/resume")
                .then().statusCode(409).contentType(PROBLEM);
        VendorApi.rollout(started.product(), "1.0.0", null);
        as(MANAGER).body(Map.of("product", started.product(), "version", "1.0.0")).post("/api/v1/rollouts")
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void aRollbackStopsTheBadReleaseAndRollsThePreviousOneOutAgainAsARollbackRelease() {
        String product = VendorApi.product("rollback");
        VendorApi.publish(product, "1.0.0");
        UUID first = VendorApi.rollout(product, "1.0.0", null);
        as(MANAGER).body(Map.of("reason", "too early")).post("/api/v1/rollouts/" + first + "/rollback")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("never started"));
        act(first, "start", null);
        as(MANAGER).body(Map.of("reason", "too early")).post("/api/v1/rollouts/" + first + "/rollback")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("no completed release"));
        for (int ring = 0; ring < 3; ring++) {
            act(first, "promote", "lab verified");
        }
        assertThat(VendorApi.releaseState(product, "1.0.0")).isEqualTo("completed");
        VendorApi.publish(product, "1.1.0");
        UUID bad = VendorApi.rollout(product, "1.1.0", null);
        act(bad, "start", null);

        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + bad + "/rollback").then().statusCode(422)
                .contentType(PROBLEM);
        JsonPath rollback = as(MANAGER).body(Map.of("reason", "boot loop on model X"))
                .post("/api/v1/rollouts/" + bad + "/rollback").then().statusCode(200).extract().jsonPath();

        assertThat(rollback.getString("release.version")).isEqualTo("1.0.0+rollback.1");
        assertThat(rollback.getString("release.kind")).isEqualTo("rollback");
        assertThat(rollback.getString("rollout.state")).isEqualTo("running");
        assertThat(rollback.getString("stopped.state")).isEqualTo("halted");
        assertThat(VendorApi.releaseState(product, "1.1.0")).isEqualTo("halted");
        assertThat(VendorApi.releaseState(product, "1.0.0+rollback.1")).isEqualTo("rolling_out");
        as(MANAGER).get("/api/v1/products/" + product + "/releases/1.0.0+rollback.1/manifest").then().statusCode(200)
                .body("manifest", containsString("\"rollback\""));
    }

    @Test
    void theGlobalEmergencyStopHaltsEveryRunningRolloutAndNeedsAReasonAndAVendorWhoActs() {
        Started one = started("stop-a");
        Started two = started("stop-b");
        act(two.rollout(), "pause", "looking into it");

        as("val.viewer").body(Map.of("reason", "bad signing key")).post("/api/v1/rollouts/emergency-stop")
                .then().statusCode(403);
        as(ADMIN).body(Map.of()).post("/api/v1/rollouts/emergency-stop").then().statusCode(422).contentType(PROBLEM);
        assertThat(state(one.rollout())).isEqualTo("running");

        List<String> stopped = as(ADMIN).body(Map.of("reason", "bad signing key"))
                .post("/api/v1/rollouts/emergency-stop").then().statusCode(200).extract().path("id");
        assertThat(stopped).contains(one.rollout().toString(), two.rollout().toString());
        assertThat(state(one.rollout())).isEqualTo("halted");
        assertThat(state(two.rollout())).isEqualTo("halted");
        assertThat(audited(one.rollout(), "rollout.emergency-stop")).isEqualTo(1);
    }

    @Test
    void anEmergencyRolloutStartsOnlyWithTwoDistinctApproversAndStillOpensRingZeroFirst() {
        String product = VendorApi.product("emergency");
        Map<String, Object> canary = VendorApi.ring("canary", "0.1", 0.2);
        canary.put("minSoak", "PT10M");
        Map<String, Object> everyone = VendorApi.ring("everyone", "1", 0.2);
        everyone.put("minSoak", "PT10M");
        VendorApi.plan(product, "hotfix", true, new java.util.ArrayList<>(List.of(canary, everyone)));
        VendorApi.publish(product, "1.0.1");
        UUID rollout = VendorApi.rollout(product, "1.0.1", "hotfix");
        assertThat(get(rollout).getBoolean("emergency")).isTrue();

        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/start").then().statusCode(409)
                .body("detail", containsString("2 distinct approvers"));
        act(rollout, "approve", null);
        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/approve").then().statusCode(409)
                .body("detail", containsString("already approved"));
        as(MANAGER).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/start").then().statusCode(409);
        as(ADMIN).body(Map.of()).post("/api/v1/rollouts/" + rollout + "/approve").then().statusCode(200)
                .body("approvers", org.hamcrest.Matchers.contains(MANAGER, ADMIN));

        JsonPath running = act(rollout, "start", "CVE fix");
        assertThat(running.getString("state")).isEqualTo("running");
        assertThat(running.getString("rings[0].state")).isEqualTo("open");
        assertThat(running.getString("rings[1].state")).isEqualTo("pending");
    }

    @Test
    void aRolloutScheduledForLaterIsStartedByTheReconcilerWhenItsTimeComes() {
        String product = VendorApi.product("scheduled");
        VendorApi.publish(product, "1.0.0");
        Instant startAt = TimeMachine.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        as(MANAGER).body(Map.of("product", product, "version", "1.0.0", "startAt", "2020-01-01T00:00:00Z"))
                .post("/api/v1/rollouts").then().statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", equalTo("startAt"));
        UUID rollout = UUID.fromString(as(MANAGER).body(Map.of("product", product, "version", "1.0.0",
                        "startAt", startAt.toString()))
                .post("/api/v1/rollouts").then().statusCode(201).extract().path("id"));

        reconcileAt(startAt.minus(Duration.ofMinutes(1)));
        assertThat(state(rollout)).isEqualTo("scheduled");

        reconcileAt(startAt.plusSeconds(1));
        JsonPath started = get(rollout);
        assertThat(started.getString("state")).isEqualTo("running");
        assertThat(started.getString("rings[0].state")).isEqualTo("open");
        assertThat(started.getString("startedAt")).isEqualTo(startAt.plusSeconds(1).toString());
        assertThat(audited(rollout, "rollout.start")).isEqualTo(1);
    }

    @Test
    void twoReconcilersRacingOnOneDatabaseMakeEachTransitionExactlyOnce() throws Exception {
        Started started = started("race");
        healthy(started, 0);
        Instant now = started.opened().plus(SOAK).plusSeconds(60);
        at(now);
        // What the scheduled flush would have written by then: the check-ins that confirm the successes.
        lastSeen.flush();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reconciler.Pass>> passes = List.of(
                    pool.submit(() -> {
                        go.await();
                        return reconciler.reconcile(now);
                    }),
                    pool.submit(() -> {
                        go.await();
                        return reconciler.reconcile(now);
                    }));
            go.countDown();
            for (Future<Reconciler.Pass> pass : passes) {
                pass.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(get(started.rollout()).getInt("currentRing")).isEqualTo(1);
        assertThat(audited(started.rollout(), "rollout.ring-passed")).isEqualTo(1);
        assertThat(audited(started.rollout(), "rollout.ring-opened")).as("ring 0 on start, ring 1 once").isEqualTo(2);
    }

    @Test
    void aPassSkipsWhileAnotherInstanceHoldsTheLock() throws Exception {
        Started started = started("locked");
        healthy(started, 0);
        Instant now = started.opened().plus(SOAK).plusSeconds(60);
        at(now);
        // What the scheduled flush would have written by then: the check-ins that confirm the successes.
        lastSeen.flush();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // Another instance: its own connection, holding the lock inside a transaction of its own.
            Future<?> otherInstance = other.submit(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, Reconciler.LOCK_KEY);
                        lock.execute();
                    }
                    held.countDown();
                    release.await(60, TimeUnit.SECONDS);
                    connection.rollback();
                }
                return null;
            });
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(reconciler.reconcile(now).ran()).isFalse();
            assertThat(get(started.rollout()).getInt("currentRing")).isZero();

            release.countDown();
            otherInstance.get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(reconciler.reconcile(now).ran()).isTrue();
        assertThat(get(started.rollout()).getInt("currentRing")).isEqualTo(1);
    }
}
