package dev.ringmaster.rollout.gate;

import dev.ringmaster.rollout.gate.DeviceStanding.Facts;
import dev.ringmaster.rollout.gate.DeviceStanding.Reported;
import dev.ringmaster.rollout.gate.DeviceStanding.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceStandingTest {

    private static Facts facts(Reported reported, boolean alive, boolean overdue, boolean runsRelease, boolean runsOther) {
        return new Facts(reported, alive, overdue, runsRelease, runsOther);
    }

    @Test
    void aReportedSuccessCountsOnlyOnceTheDeviceRunsTheRelease() {
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, true, false, false, false))).isEqualTo(Status.UNCONFIRMED);
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, true, false, true, false))).isEqualTo(Status.SUCCEEDED);
        // Confirmed successes stay successes when the device later goes quiet or the install timeout passes.
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, false, true, true, false))).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aSuccessFollowedByTheOldVersionIsReverted() {
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, true, false, false, true))).isEqualTo(Status.REVERTED);
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, false, true, false, true))).isEqualTo(Status.REVERTED);
    }

    @Test
    void aDeviceThatReportsSuccessAndNeverComesBackIsSilent() {
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, false, false, false, false))).isEqualTo(Status.SILENT);
    }

    @Test
    void silenceComesBeforeTheInstallTimeout() {
        assertThat(DeviceStanding.of(facts(Reported.INSTALLING, false, true, false, false))).isEqualTo(Status.SILENT);
        assertThat(DeviceStanding.of(facts(Reported.NOTHING, false, false, false, false))).isEqualTo(Status.SILENT);
    }

    @Test
    void anAliveDevicePastTheInstallTimeoutIsStuckWhateverItLastReported() {
        assertThat(DeviceStanding.of(facts(Reported.NOTHING, true, true, false, false))).isEqualTo(Status.STUCK);
        assertThat(DeviceStanding.of(facts(Reported.DOWNLOADING, true, true, false, false))).isEqualTo(Status.STUCK);
        assertThat(DeviceStanding.of(facts(Reported.INSTALLING, true, true, false, false))).isEqualTo(Status.STUCK);
        assertThat(DeviceStanding.of(facts(Reported.SUCCEEDED, true, true, false, false))).isEqualTo(Status.STUCK);
        assertThat(DeviceStanding.of(facts(Reported.CANCELLED, true, true, false, false))).isEqualTo(Status.OFFERED);
    }

    @Test
    void aReportedFailureIsFinal() {
        assertThat(DeviceStanding.of(facts(Reported.FAILED, false, true, false, false))).isEqualTo(Status.FAILED);
    }

    @Test
    void progressWithinTheTimeoutsCountsByTheReport() {
        assertThat(DeviceStanding.of(facts(Reported.NOTHING, true, false, false, false))).isEqualTo(Status.OFFERED);
        assertThat(DeviceStanding.of(facts(Reported.DOWNLOADING, true, false, false, false))).isEqualTo(Status.DOWNLOADING);
        assertThat(DeviceStanding.of(facts(Reported.INSTALLING, true, false, false, false))).isEqualTo(Status.INSTALLING);
    }

    @Test
    void reportsAreReadFromTheStoredKinds() {
        assertThat(Reported.fromKind(null)).isEqualTo(Reported.NOTHING);
        assertThat(Reported.fromKind("downloaded")).isEqualTo(Reported.DOWNLOADING);
        assertThatThrownBy(() -> Reported.fromKind("silent")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTallyFeedsTheGateWithStuckAndRevertedAsFailures() {
        RingHealth health = new DeviceStanding.Tally()
                .offered(facts(Reported.SUCCEEDED, true, false, true, false), 6)
                .offered(facts(Reported.SUCCEEDED, true, false, false, true), 3)
                .offered(facts(Reported.INSTALLING, true, true, false, false), 3)
                .offered(facts(Reported.SUCCEEDED, true, false, false, false), 2)
                .notOffered(false, 5)
                .notOffered(true, 1)
                .health();
        assertThat(health).isEqualTo(new RingHealth(14, 0, 0, 6, 0, 0, 1, 6, 3, 3, 2));
        assertThat(health.finished()).isEqualTo(12);
        assertThat(health.failures()).isEqualTo(6);
        // 6 of 12 failed: lower bound 25.4 % > 20 % with 12 finished.
        GateRule rule = new GateRule(5, new BigDecimal("0.5"), new BigDecimal("0.2"), Duration.ofHours(1),
                Duration.ofMinutes(30), 10, Duration.ofHours(1));
        assertThat(GateEvaluator.evaluate(rule, health, Duration.ZERO).outcome()).isEqualTo(GateOutcome.HALT);
        assertThat(GateEvaluator.evaluate(rule, health, Duration.ZERO).reasons())
                .anySatisfy(reason -> assertThat(reason).contains("3 of them stuck, 3 reverted"));
    }
}
