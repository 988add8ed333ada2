package dev.ringmaster.schedule.fleet;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PilotGateRuleTest {

    private static final Instant OPENED = Instant.parse("2027-01-04T10:00:00Z");
    private static final Instant NOW = Instant.parse("2027-01-10T00:00:00Z");
    private static final PilotGateRule GATE = new PilotGateRule(2, new BigDecimal("0.34"), Duration.ofHours(24));

    private static PilotGateRule.PilotReport succeeded(String at) {
        return new PilotGateRule.PilotReport(null, Instant.parse(at), null);
    }

    @Test
    void passesWhenTheLastNeededSuccessAndTheSoakAreBothBehind() {
        List<PilotGateRule.PilotReport> reports = List.of(succeeded("2027-01-04T12:00:00Z"), succeeded("2027-01-06T08:00:00Z"));
        assertThat(GATE.passedAt(OPENED, reports, NOW)).isEqualTo(Instant.parse("2027-01-06T08:00:00Z"));
        List<PilotGateRule.PilotReport> early = List.of(succeeded("2027-01-04T11:00:00Z"), succeeded("2027-01-04T12:00:00Z"));
        assertThat(GATE.passedAt(OPENED, early, NOW)).isEqualTo(OPENED.plus(Duration.ofHours(24)));
    }

    @Test
    void doesNotPassWithTooFewSuccessesTooManyFailuresOrBeforeTheSoakEnds() {
        assertThat(GATE.passedAt(OPENED, List.of(succeeded("2027-01-04T12:00:00Z")), NOW)).isNull();
        List<PilotGateRule.PilotReport> failing = List.of(succeeded("2027-01-04T12:00:00Z"), succeeded("2027-01-04T13:00:00Z"),
                new PilotGateRule.PilotReport(null, null, Instant.parse("2027-01-04T14:00:00Z")),
                new PilotGateRule.PilotReport(null, Instant.parse("2027-01-04T15:00:00Z"), Instant.parse("2027-01-04T16:00:00Z")));
        assertThat(GATE.passedAt(OPENED, failing, NOW)).as("2 of 4 failed, above 34 %").isNull();
        assertThat(GATE.passedAt(OPENED, List.of(succeeded("2027-01-04T12:00:00Z"), succeeded("2027-01-04T13:00:00Z")),
                OPENED.plus(Duration.ofHours(23)))).isNull();
        assertThat(GATE.passedAt(null, List.of(succeeded("2027-01-04T12:00:00Z"), succeeded("2027-01-04T13:00:00Z")), NOW))
                .as("no pilot ring opened and nothing offered: no soak start").isNull();
    }

    @Test
    void anOfferBeforeTheRingOpeningStartsTheSoak() {
        List<PilotGateRule.PilotReport> reports = List.of(
                new PilotGateRule.PilotReport(Instant.parse("2027-01-03T00:00:00Z"), null, null));
        PilotGateRule soakOnly = new PilotGateRule(0, BigDecimal.ZERO, Duration.ofHours(24));
        assertThat(soakOnly.passedAt(OPENED, reports, NOW)).isEqualTo(Instant.parse("2027-01-04T00:00:00Z"));
    }

    @Test
    void anOutcomeIsFailedOnlyWhileTooManyFinishedPilotsFailedAndPendingWhileItMayStillPass() {
        PilotGateRule.PilotReport failed = new PilotGateRule.PilotReport(null, null, Instant.parse("2027-01-04T14:00:00Z"));
        List<PilotGateRule.PilotReport> two = List.of(succeeded("2027-01-04T12:00:00Z"), succeeded("2027-01-04T13:00:00Z"));
        assertThat(GATE.outcome(OPENED, two, NOW)).isEqualTo(PilotGateRule.Outcome.PASSED);
        assertThat(GATE.outcome(OPENED, two, OPENED.plus(Duration.ofHours(23)))).as("soaking").isEqualTo(PilotGateRule.Outcome.PENDING);
        assertThat(GATE.outcome(OPENED, List.of(failed), NOW)).isEqualTo(PilotGateRule.Outcome.FAILED);
        assertThat(GATE.outcome(OPENED, List.of(two.get(0), two.get(1), failed), NOW))
                .as("1 of 3 failed, within 34 %").isEqualTo(PilotGateRule.Outcome.PASSED);
        assertThat(GATE.outcome(OPENED, List.of(two.get(0), failed), NOW))
                .as("1 of 2 failed, above 34 %, although too few succeeded to pass anyway").isEqualTo(PilotGateRule.Outcome.FAILED);
        assertThat(GATE.outcome(OPENED, List.of(), NOW)).isEqualTo(PilotGateRule.Outcome.PENDING);
    }
}
