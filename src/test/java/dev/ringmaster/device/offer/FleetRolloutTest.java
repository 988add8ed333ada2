package dev.ringmaster.device.offer;

import dev.ringmaster.rollout.Reconciler;
import dev.ringmaster.simulator.Behaviour;
import dev.ringmaster.simulator.FleetSettings;
import dev.ringmaster.simulator.FleetSimulator;
import dev.ringmaster.simulator.FleetSummary;
import dev.ringmaster.support.FleetFixture;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.support.WindowFixture;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain at fleet scale: 10,000 simulated devices check in through the native API, the window store
 * places them in rings, the reconciler judges the gates on the clock, and the vendor-wide caps hold at offer
 * time. A release that silently bricks every device that installs it halts in ring 0 without any device
 * outside ring 0 ever being offered it; a healthy release with 2 % of the fleet offline completes every ring.
 */
@QuarkusTest
class FleetRolloutTest {

    private static final int FLEET = 10_000;
    private static final Duration SILENCE = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL server;

    @Inject
    EntityManager em;

    @Inject
    Reconciler reconciler;

    @Inject
    Offers offers;

    /** Canary 5 % → early 30 % → broad; one-second soaks, silence after 20 s, threshold 5 %. */
    private static List<Map<String, Object>> fastPlan() {
        List<Map<String, Object>> rings = new ArrayList<>();
        for (String[] ring : new String[][] {{"canary", "0.05"}, {"early", "0.3"}, {"broad", "1"}}) {
            Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 20, "minFinishedShare", 0.9,
                    "maxFailureRate", 0.05, "silenceTimeout", "PT" + SILENCE.toSeconds() + "S", "minReportsForHalt", 10));
            rings.add(new HashMap<>(Map.of("name", ring[0], "share", Double.valueOf(ring[1]), "minSoak", "PT1S",
                    "gate", gate, "manualApproval", false)));
        }
        return rings;
    }

    private record Fleet(FleetFixture tenant, String product, UUID rollout, FleetSimulator simulator) {
    }

    private Fleet fleet(String name, Map<Behaviour, Double> mix) throws InterruptedException {
        FleetFixture tenant = FleetFixture.create(em, 0, Instant.now());
        String product = VendorApi.product(name, fastPlan());
        tenant.followsRolloutsAtOnce(product);
        FleetSimulator simulator = new FleetSimulator(new FleetSettings(URI.create(server.toString()),
                tenant.enrollmentKey(FLEET), name, FLEET, product, "1.0.0", mix, 1, Duration.ZERO, 0, 16, 42),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        simulator.enroll();
        VendorApi.publish(product, "2.0.0");
        UUID rollout = VendorApi.rollout(product, "2.0.0", null);
        VendorApi.act(rollout, "start", "fleet test");
        Fleet fleet = new Fleet(tenant, product, rollout, simulator);
        fleets.add(fleet);
        return fleet;
    }

    /** Rounds of check-ins, each followed by a reconciler pass on the clock, until the rollout ends. */
    private String runUntilEnded(Fleet fleet, Duration atMost) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        String state = VendorApi.state(fleet.rollout());
        while (Instant.now().isBefore(deadline) && !List.of("completed", "halted", "aborted").contains(state)) {
            fleet.simulator().run();
            Thread.sleep(1000);
            reconciler.reconcile(Instant.now());
            state = VendorApi.state(fleet.rollout());
        }
        return state;
    }

    private final List<Fleet> fleets = new ArrayList<>();
    private Offers cap;
    private int configuredCap;

    @BeforeEach
    void rememberTheCap() {
        cap = ClientProxy.unwrap(offers);
        configuredCap = cap.blastRadiusPerHour;
    }

    /** Later tests see neither the cap set here nor these fleets' devices. */
    @AfterEach
    void restoreTheCapAndRetireTheFleets() {
        cap.blastRadiusPerHour = configuredCap;
        fleets.forEach(fleet -> fleet.tenant().retireAll());
    }

    private static long offeredOutsideRing0(UUID rollout) {
        return WindowFixture.count("""
                SELECT count(*) FROM device_events e
                JOIN release_windows w ON w.device_id = e.device_id AND w.release_id = e.release_id
                WHERE e.rollout_id = ? AND e.kind = 'offered' AND w.ring_position > 0""", rollout);
    }

    @Test
    void aReleaseThatSilentlyBricksEveryDeviceHaltsInRingZeroAndNeverReachesAnotherRing() throws Exception {
        // Ring 0 holds about 500 devices; the cap lets 200 of them take the unproven release this hour.
        long alreadyOffered = WindowFixture.count(
                "SELECT count(*) FROM device_actions WHERE unproven AND offered_at > now() - interval '1 hour'");
        cap.blastRadiusPerHour = (int) alreadyOffered + 200;
        Fleet fleet = fleet("bricking", Map.of(Behaviour.SILENT_BRICK, 1.0));

        String state = runUntilEnded(fleet, Duration.ofMinutes(4));

        FleetSummary summary = fleet.simulator().summary();
        assertThat(state).as(summary.table()).isEqualTo("halted");
        assertThat(VendorApi.get(fleet.rollout()).getString("rings[0].state")).isEqualTo("halted");
        assertThat(VendorApi.get(fleet.rollout()).getString("rings[1].state")).isEqualTo("pending");
        assertThat(VendorApi.get(fleet.rollout()).getString("stateReason")).contains("silent");
        assertThat(summary.total(FleetSummary.Count.SILENCED)).isBetween(10L, 200L);
        assertThat(offeredOutsideRing0(fleet.rollout())).isZero();
        assertThat(WindowFixture.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'offered'",
                fleet.rollout())).isEqualTo(summary.total(FleetSummary.Count.SILENCED));
    }

    @Test
    void aHealthyReleaseWithTwoPercentOfTheFleetOfflineCompletesEveryRingWithoutAFalseHalt() throws Exception {
        cap.blastRadiusPerHour = 1_000_000;
        Fleet fleet = fleet("healthy", Map.of(Behaviour.HEALTHY, 0.98, Behaviour.OFFLINE, 0.02));

        String state = runUntilEnded(fleet, Duration.ofMinutes(5));

        assertThat(state).as(fleet.simulator().summary().table()).isEqualTo("completed");
        // The last ring passes with most of its devices finished; the rest still get the completed release.
        for (int round = 0; round < 3; round++) {
            fleet.simulator().run();
        }
        FleetSummary summary = fleet.simulator().summary();
        assertThat(summary.get(Behaviour.HEALTHY, FleetSummary.Count.SUCCEEDED))
                .isEqualTo(summary.get(Behaviour.HEALTHY, FleetSummary.Count.ENROLLED));
        assertThat(summary.get(Behaviour.OFFLINE, FleetSummary.Count.ENROLLED)).isPositive();
        assertThat(summary.get(Behaviour.OFFLINE, FleetSummary.Count.OFFERED)).isZero();
        assertThat(WindowFixture.count("SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'rollout.halt'",
                fleet.rollout().toString())).isZero();
    }
}
