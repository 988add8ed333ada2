package dev.ringmaster.schedule.fleet;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pilot gate counts a reported success once the pilot checked in running the release; a fallback is a failure. */
class PilotSuccessConfirmationTest {

    private static final Instant OFFERED = Instant.parse("2027-01-04T10:00:00Z");
    private static final Instant SUCCEEDED = Instant.parse("2027-01-04T10:30:00Z");
    private static final Instant NOW = Instant.parse("2027-01-04T12:00:00Z");
    private static final PilotGateRule TWO_NO_FAILURES = new PilotGateRule(2, BigDecimal.ZERO, Duration.ZERO);

    private static PilotGateRule.PilotReport success(boolean runsRelease, boolean runsOtherVersion) {
        return PilotGateRule.PilotReport.of(OFFERED, SUCCEEDED, null, null, SUCCEEDED, runsRelease, runsOtherVersion);
    }

    @Test
    void anUnconfirmedSuccessCountsAsNeitherSuccessNorFailure() {
        PilotGateRule.PilotReport unconfirmed = success(false, false);
        assertThat(unconfirmed.firstSucceeded()).isNull();
        assertThat(unconfirmed.firstFailed()).isNull();
        assertThat(TWO_NO_FAILURES.passedAt(OFFERED, List.of(unconfirmed, unconfirmed), NOW)).isNull();
    }

    @Test
    void aConfirmedSuccessCountsFromWhenItWasReported() {
        assertThat(success(true, false).firstSucceeded()).isEqualTo(SUCCEEDED);
        assertThat(TWO_NO_FAILURES.passedAt(OFFERED, List.of(success(true, false), success(true, false)), NOW))
                .isEqualTo(SUCCEEDED);
    }

    @Test
    void aSuccessFollowedByTheOldVersionIsAFailure() {
        PilotGateRule.PilotReport reverted = success(false, true);
        assertThat(reverted.firstSucceeded()).isNull();
        assertThat(reverted.firstFailed()).isEqualTo(SUCCEEDED);
        assertThat(TWO_NO_FAILURES.passedAt(OFFERED, List.of(success(true, false), success(true, false), reverted), NOW))
                .as("one reverted pilot in three is above a zero failure rate").isNull();
    }
}
