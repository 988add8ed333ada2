package dev.ringmaster.device.offer;

import dev.ringmaster.rollout.engine.BlastRadiusCap;
import dev.ringmaster.simulator.Behaviour;
import dev.ringmaster.simulator.FleetSettings;
import dev.ringmaster.simulator.FleetSimulator;
import dev.ringmaster.simulator.FleetSummary;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain at fleet scale: 10,000 simulated devices check in through the native API, the window store
 * places them in rings, the reconciler judges the gates as the movable clock advances, and the vendor-wide caps
 * hold at offer time. A release that silently bricks every device that installs it halts in ring 0 without any
 * device outside ring 0 ever being offered it; a healthy release with 2 % of the fleet offline completes every
 * ring. Each round every live device checks in once, then virtual time moves on by {@link #ROUND}.
 */
@QuarkusTest
class FleetRolloutTest {

    private static final int FLEET = 10_000;
    private static final Duration ROUND = Duration.ofMinutes(30);

    @TestHTTPResource("/")
    URL server;

    @Inject
    FreshOffers offers;

    /**
     * Canary 5 % → early 30 % → broad; soaks of one round (a ring's devices report within the round that offers
     * them the release, so a longer soak only adds rounds in which nothing changes), silence after 30 minutes,
     * threshold 5 %.
     */
    private static List<Map<String, Object>> plan() {
        List<Map<String, Object>> rings = new ArrayList<>();
        for (String[] ring : new String[][] {{"canary", "0.05"}, {"early", "0.3"}, {"broad", "1"}}) {
            Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 20, "minFinishedShare", 0.9,
                    "maxFailureRate", 0.05, "silenceTimeout", "PT30M", "minReportsForHalt", 10));
            rings.add(new HashMap<>(Map.of("name", ring[0], "share", Double.valueOf(ring[1]), "minSoak", "PT30M",
                    "gate", gate, "manualApproval", false)));
        }
        return rings;
    }

    private record Fleet(String product, UUID rollout, FleetSimulator simulator) {
    }

    /**
     * The class's tenant and its 10,000 devices, enrolled by the first test that runs; each test plays its release
     * in a product of its own over them, with behaviours dealt by its mix. Devices a stopped rollout of an earlier
     * test left an action open on are told to cancel it, and do, before they are offered the next.
     */
    private static TestTenant tenant;
    private static String enrollmentKey;
    private static Path tokens;

    private Fleet fleet(String name, Map<Behaviour, Double> mix) throws InterruptedException, IOException {
        if (tenant == null) {
            tenant = TestTenant.create("fleet");
            enrollmentKey = Api.enrollmentKey(tenant.admin(), FLEET);
            tokens = Files.createTempDirectory("fleet-rollout-").resolve("tokens");
        }
        String product = VendorApi.product(name, plan());
        tenant.followsRolloutsAtOnce(product);
        FleetSimulator simulator = new FleetSimulator(new FleetSettings(URI.create(server.toString()),
                enrollmentKey, "fleet", FLEET, product, "1.0.0", mix, 1, Duration.ZERO, 0, 16, 42),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        simulator.enrollOrLoad(tokens);
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();
        return new Fleet(product, rollout, simulator);
    }

    /** Rounds of check-ins, each followed by {@link #ROUND} of virtual time, until the rollout ends. */
    private static String runUntilEnded(Fleet fleet, int rounds) throws InterruptedException {
        String state = VendorApi.state(fleet.rollout());
        for (int round = 0; round < rounds && !List.of("completed", "halted", "aborted").contains(state); round++) {
            fleet.simulator().run();
            TimeMachine.advance(ROUND);
            state = VendorApi.state(fleet.rollout());
        }
        return state;
    }

    private FreshOffers cap;
    private int configuredCap;

    @BeforeEach
    void rememberTheCapAndLetEarlierOffersAgeOut() {
        cap = ClientProxy.unwrap(offers);
        configuredCap = cap.blastRadiusPerHour;
        TimeMachine.freeze();
        // The blast-radius cap counts the last hour's offers of unproven releases, every product's: start with none.
        TimeMachine.advance(Duration.ofHours(2));
    }

    /**
     * Later tests see neither the cap set here nor this test's offers in the vendor-wide cap: the clock moves on past
     * the cap's hour. (The fleet's tenant is suspended when the next class starts, {@code BetweenTestClasses}.)
     */
    @AfterEach
    void restoreTheCap() {
        cap.blastRadiusPerHour = configuredCap;
        TimeMachine.clock().advance(BlastRadiusCap.WINDOW);
        TimeMachine.clock().thaw();
    }

    private static long offeredOutsideRing0(UUID rollout) {
        return Db.count("""
                SELECT count(*) FROM device_events e
                JOIN release_windows w ON w.device_id = e.device_id AND w.release_id = e.release_id
                WHERE e.rollout_id = ? AND e.kind = 'offered' AND w.ring_position > 0""", rollout);
    }

    @Test
    void aReleaseThatSilentlyBricksEveryDeviceHaltsInRingZeroAndNeverReachesAnotherRing() throws Exception {
        // Ring 0 holds about 500 devices; the cap lets 200 of them take the unproven release this hour.
        cap.blastRadiusPerHour = 200;
        Fleet fleet = fleet("bricking", Map.of(Behaviour.SILENT_BRICK, 1.0));

        String state = runUntilEnded(fleet, 12);

        FleetSummary summary = fleet.simulator().summary();
        assertThat(state).as(summary.table()).isEqualTo("halted");
        assertThat(VendorApi.get(fleet.rollout()).getString("rings[0].state")).isEqualTo("halted");
        assertThat(VendorApi.get(fleet.rollout()).getString("rings[1].state")).isEqualTo("pending");
        assertThat(VendorApi.get(fleet.rollout()).getString("stateReason")).contains("silent");
        assertThat(summary.total(FleetSummary.Count.SILENCED)).isBetween(10L, 200L);
        assertThat(offeredOutsideRing0(fleet.rollout())).isZero();
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'offered'",
                fleet.rollout())).isEqualTo(summary.total(FleetSummary.Count.SILENCED));
    }

    @Test
    void aHealthyReleaseWithTwoPercentOfTheFleetOfflineCompletesEveryRingWithoutAFalseHalt() throws Exception {
        cap.blastRadiusPerHour = 1_000_000;
        Fleet fleet = fleet("healthy", Map.of(Behaviour.HEALTHY, 0.98, Behaviour.OFFLINE, 0.02));

        String state = runUntilEnded(fleet, 20);

        assertThat(state).as(fleet.simulator().summary().table()).isEqualTo("completed");
        // The last ring passes with most of its devices finished; the rest still get the completed release.
        for (int round = 0; round < 2; round++) {
            fleet.simulator().run();
        }
        FleetSummary summary = fleet.simulator().summary();
        assertThat(summary.get(Behaviour.HEALTHY, FleetSummary.Count.SUCCEEDED))
                .isEqualTo(summary.get(Behaviour.HEALTHY, FleetSummary.Count.ENROLLED));
        assertThat(summary.get(Behaviour.OFFLINE, FleetSummary.Count.ENROLLED)).isPositive();
        assertThat(summary.get(Behaviour.OFFLINE, FleetSummary.Count.OFFERED)).isZero();
        assertThat(Db.count("SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'rollout.halt'",
                fleet.rollout().toString())).isZero();
    }
}
