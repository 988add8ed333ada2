package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-cohort gate and the coverage rule without a service. */
class CohortGateTest {

    private static final GateRule RING = new GateRule(10, new BigDecimal("0.5"), new BigDecimal("0.02"),
            Duration.ofHours(1), Duration.ofHours(2), 50);

    private static Cohort build(String build) {
        return new Cohort(List.of("osBuild"), java.util.Collections.singletonList(build));
    }

    private static RingHealth finished(int succeeded, int failed) {
        return new RingHealth(succeeded + failed, 0, 0, succeeded, failed, 0, 0, 0);
    }

    @Test
    void aCohortFailsOnItsOwnMinimumSampleWhileTheRingWouldNotHaltYet() {
        Map<Cohort, RingHealth> byCohort = Map.of(build("21.3"), finished(1, 4), build("22.1"), finished(95, 0));

        List<CohortGate.Verdict> verdicts = CohortGate.evaluate(RING, 5, byCohort, Set.of(), Duration.ofHours(2));

        assertThat(verdicts).extracting(verdict -> verdict.decision().outcome())
                .containsExactly(GateOutcome.HALT, GateOutcome.WAIT);
        assertThat(CohortGate.failing(verdicts)).singleElement().satisfies(failing -> {
            assertThat(failing.cohort().label()).isEqualTo("osBuild=21.3");
            assertThat(failing.reason()).startsWith("osBuild=21.3: failure rate lower bound").contains("4 of 5 finished failed");
        });
        // The same five devices judged as the ring's own minimum (50) would only wait.
        assertThat(GateEvaluator.evaluate(RING, finished(1, 4), Duration.ofHours(2)).outcome()).isEqualTo(GateOutcome.WAIT);
    }

    @Test
    void belowItsMinimumSampleACohortIsNotFailed() {
        List<CohortGate.Verdict> verdicts = CohortGate.evaluate(RING, 10, Map.of(build("21.3"), finished(0, 4)),
                Set.of(), Duration.ofHours(2));

        assertThat(CohortGate.failing(verdicts)).isEmpty();
    }

    @Test
    void quarantinedCohortsAndCohortsWithoutOffersAreNotJudged() {
        Map<Cohort, RingHealth> byCohort = Map.of(build("21.3"), finished(0, 20),
                build("22.1"), new RingHealth(0, 0, 0, 0, 0, 0, 0, 7));

        assertThat(CohortGate.evaluate(RING, 5, byCohort, Set.of(build("21.3")), Duration.ofHours(2))).isEmpty();
    }

    @Test
    void outageLikeSilenceHoldsRatherThanFailsACohort() {
        // 10 offered went silent, and 10 of 10 not-yet-updated devices of the cohort went quiet as well.
        RingHealth outage = new RingHealth(10, 0, 0, 0, 0, 10, 10, 10);

        List<CohortGate.Verdict> verdicts = CohortGate.evaluate(RING, 5, Map.of(build("21.3"), outage), Set.of(),
                Duration.ofHours(2));

        assertThat(verdicts).singleElement().satisfies(verdict -> assertThat(verdict.failed()).isFalse());
    }

    @Test
    void missingValuesAreTheirOwnUnknownCohort() {
        CohortPlan plan = new CohortPlan(List.of("model", "osBuild"), 5, CohortFailure.QUARANTINE, 1);

        assertThat(plan.cohortOf(Map.of("model", "X1")).label()).isEqualTo("model=X1, osBuild=unknown");
        assertThat(plan.cohortOf(Map.of())).isEqualTo(new Cohort(List.of("model", "osBuild"), List.of("unknown", "unknown")));
    }

    @Test
    void aCohortOfLaterRingsIsCoveredWithKFinishedDevicesSoFar() {
        Cohort x1 = new Cohort(List.of("model"), List.of("X1"));
        Cohort x2 = new Cohort(List.of("model"), List.of("X2"));
        Cohort x3 = new Cohort(List.of("model"), List.of("X3"));

        List<Coverage.Row> table = Coverage.table(Set.of(x1, x2, x3), Map.of(x1, 3, x2, 2), 3);

        assertThat(table).containsExactly(new Coverage.Row(x1, 3, true), new Coverage.Row(x2, 2, false),
                new Coverage.Row(x3, 0, false));
        assertThat(Coverage.reason(Coverage.uncovered(table), 3))
                .startsWith("cohorts of later rings with fewer than 3 finished devices so far: model=X2 (2); model=X3 (0)");
        assertThat(Coverage.uncovered(Coverage.table(Set.of(x3), Map.of(), 0))).isEmpty();
        assertThatThrownBy(() -> Coverage.table(Set.of(x1), Map.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void planSettingsAreCheckedFieldByField() {
        assertThat(CohortPlan.violations(List.of("model", "serial", "model"), 0, -1))
                .extracting(GateRule.Violation::field)
                .containsExactly("keys[1]", "keys[2]", "minSample", "coverageMin");
        assertThat(CohortPlan.violations(List.of(), 5, 2)).extracting(GateRule.Violation::field).containsExactly("coverageMin");
        assertThat(CohortFailure.fromCode("quarantine")).contains(CohortFailure.QUARANTINE);
        assertThat(CohortFailure.fromCode("Halt")).isEmpty();
    }
}
