package dev.ringmaster.schedule.fleet;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Recorded silence in the tenant's pilot gate: a failure, until the device reports after it. */
class PilotSilenceTest {

    private static final Instant OFFERED = Instant.parse("2027-01-04T10:00:00Z");
    private static final Instant SILENT = Instant.parse("2027-01-04T11:00:00Z");
    private static final Instant NOW = Instant.parse("2027-01-04T12:00:00Z");
    private static final PilotGateRule TEN_PERCENT = new PilotGateRule(5, new BigDecimal("0.1"), Duration.ZERO);

    @Test
    void aSilenceNothingWasReportedAfterCountsAsAFailureAtItsRecording() {
        assertThat(PilotGateRule.PilotReport.of(OFFERED, null, null, SILENT, OFFERED.plusSeconds(60), false, false).firstFailed())
                .isEqualTo(SILENT);
        assertThat(PilotGateRule.PilotReport.of(OFFERED, null, null, SILENT, null, false, false).firstFailed()).isEqualTo(SILENT);
    }

    @Test
    void aReportAfterTheSilenceSupersedesIt() {
        PilotGateRule.PilotReport cameBack = PilotGateRule.PilotReport.of(OFFERED, SILENT.plusSeconds(60), null, SILENT,
                SILENT.plusSeconds(60), true, false);
        assertThat(cameBack.firstFailed()).isNull();
        assertThat(cameBack.firstSucceeded()).isEqualTo(SILENT.plusSeconds(60));
    }

    @Test
    void aSuccessReportedBeforeTheSilenceDoesNotSupersedeIt() {
        // Reported success, never came back from the reboot: the bricked device silence is for.
        assertThat(PilotGateRule.PilotReport.of(OFFERED, OFFERED.plusSeconds(60), null, SILENT, OFFERED.plusSeconds(60), false, false)
                .firstFailed()).isEqualTo(SILENT);
    }

    @Test
    void aReportedFailureCountsWhateverCameAfter() {
        Instant failed = OFFERED.plusSeconds(30);
        assertThat(PilotGateRule.PilotReport.of(OFFERED, null, failed, null, failed, false, false).firstFailed()).isEqualTo(failed);
    }

    @Test
    void fiveSucceededAndFiveSilentPilotsDoNotPassATenPercentGate() {
        List<PilotGateRule.PilotReport> reports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reports.add(PilotGateRule.PilotReport.of(OFFERED, OFFERED.plusSeconds(600), null, null, OFFERED.plusSeconds(600), true, false));
            reports.add(PilotGateRule.PilotReport.of(OFFERED, null, null, SILENT, OFFERED.plusSeconds(10), false, false));
        }
        assertThat(TEN_PERCENT.passedAt(OFFERED, reports, NOW)).isNull();
        List<PilotGateRule.PilotReport> healthy = reports.stream().filter(report -> report.firstFailed() == null).toList();
        assertThat(TEN_PERCENT.passedAt(OFFERED, healthy, NOW)).as("the same successes alone pass").isNotNull();
    }
}
