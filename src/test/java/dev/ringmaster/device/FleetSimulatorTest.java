package dev.ringmaster.device;

import dev.ringmaster.simulator.Behaviour;
import dev.ringmaster.simulator.FleetSettings;
import dev.ringmaster.simulator.FleetSimulator;
import dev.ringmaster.simulator.FleetSummary;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.RolloutStage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The fleet simulator in-process over real HTTP: every failure mode shows up as it should, in the database too. */
@QuarkusTest
class FleetSimulatorTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void aMixedFleetInstallsFailsGoesSilentAndRetriesWithoutDoubleCounting() throws Exception {
        // Everyone in the one open ring of a running rollout, the tenant following it at once.
        RolloutStage stage = RolloutStage.open("sim", 1);
        String product = stage.product();
        UUID rollout = stage.rollout();
        FleetSettings settings = new FleetSettings(URI.create(server.toString()), Api.enrollmentKey(stage.tenant().admin(), 40), "sim", 40,
                product, "1.0.0", Map.of(Behaviour.HEALTHY, 0.4, Behaviour.REPORTS_FAILURE, 0.15, Behaviour.SILENT_BRICK, 0.15,
                Behaviour.FLAKY_NETWORK, 0.2, Behaviour.OFFLINE, 0.1), 8, Duration.ZERO, 0.3, 8, 7);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        FleetSimulator simulator = new FleetSimulator(settings, new PrintStream(output, true, StandardCharsets.UTF_8));

        simulator.enroll();
        // The service plans enrolled devices' windows shortly after.
        Api.awaitEnrolledWindows();
        FleetSummary summary = simulator.run();

        assertThat(summary.total(FleetSummary.Count.ENROLLED)).isEqualTo(40);
        assertThat(summary.total(FleetSummary.Count.ERRORS)).as(summary.table()).isZero();
        assertThat(summary.get(Behaviour.HEALTHY, FleetSummary.Count.SUCCEEDED)).isEqualTo(summary.get(Behaviour.HEALTHY, FleetSummary.Count.ENROLLED));
        assertThat(summary.get(Behaviour.REPORTS_FAILURE, FleetSummary.Count.FAILED)).isEqualTo(summary.get(Behaviour.REPORTS_FAILURE, FleetSummary.Count.ENROLLED));
        assertThat(summary.get(Behaviour.SILENT_BRICK, FleetSummary.Count.SILENCED)).isEqualTo(summary.get(Behaviour.SILENT_BRICK, FleetSummary.Count.ENROLLED));
        assertThat(summary.get(Behaviour.OFFLINE, FleetSummary.Count.CHECK_INS)).isZero();
        assertThat(summary.get(Behaviour.FLAKY_NETWORK, FleetSummary.Count.LOST_REQUESTS)).isPositive();
        assertThat(summary.total(FleetSummary.Count.NOT_MODIFIED)).isPositive();

        // The database agrees: each finished device counted once, however often its reports were resent.
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'succeeded'", rollout))
                .isEqualTo(summary.total(FleetSummary.Count.SUCCEEDED));
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'failed'", rollout))
                .isEqualTo(summary.total(FleetSummary.Count.FAILED));
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE rollout_id = ? AND kind = 'offered'", rollout))
                .isEqualTo(summary.total(FleetSummary.Count.SUCCEEDED) + summary.total(FleetSummary.Count.FAILED)
                        + summary.total(FleetSummary.Count.SILENCED) + openFlaky(simulator));
        assertThat(Db.count("SELECT count(*) FROM device_actions WHERE rollout_id = ? AND open", rollout))
                .isEqualTo(summary.total(FleetSummary.Count.SILENCED) + openFlaky(simulator));
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("enrolled 40 devices").contains("round 8/8");
    }

    private static long openFlaky(FleetSimulator simulator) {
        return simulator.devices().stream()
                .filter(device -> device.behaviour() == Behaviour.FLAKY_NETWORK && device.offered() && !device.finished())
                .count();
    }
}
