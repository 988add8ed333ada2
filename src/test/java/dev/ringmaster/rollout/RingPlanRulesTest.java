package dev.ringmaster.rollout;

import dev.ringmaster.error.Problem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RingPlanRulesTest {

    private static RingPlanResource.RingSpec ring(String name, String share, Duration soak) {
        return new RingPlanResource.RingSpec(name, new BigDecimal(share), soak,
                new RingPlanResource.GateSpec(10, new BigDecimal("0.5"), new BigDecimal("0.02"), Duration.ofHours(2)), false);
    }

    @Test
    void aValidPlanHasNoProblems() {
        assertThat(RingPlanRules.check(false, List.of(ring("canary", "0.01", Duration.ofDays(1)),
                ring("broad", "1", Duration.ofDays(30))))).isEmpty();
        assertThat(RingPlanRules.check(false, List.of(ring("all", "1.00000000", Duration.ZERO)))).isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        var rings = List.of(ring("canary", "0.5", Duration.ofDays(31)), ring("canary", "0.4", Duration.ofHours(-1)));

        assertThat(RingPlanRules.check(false, rings)).containsExactly(
                new Problem.FieldError("rings[0].minSoak", "must be at most 30 days, was PT744H"),
                new Problem.FieldError("rings[1].name", "must be unique in the plan; 'canary' is used by an earlier ring"),
                new Problem.FieldError("rings[1].minSoak", "must not be negative, was PT-1H"),
                new Problem.FieldError("rings[1].share", "must be above the share before it (0.5), was 0.4"));
    }

    @Test
    void sharesAreCheckedByTheLadderAndTheirDecimalsByTheColumns() {
        assertThat(RingPlanRules.check(false, List.of(ring("canary", "0.1", Duration.ZERO), ring("broad", "0.9", Duration.ZERO))))
                .containsExactly(new Problem.FieldError("rings[1].share", "must be exactly 1 as the last share, was 0.9"));
        assertThat(RingPlanRules.check(false, List.of(ring("canary", "0.123456789", Duration.ZERO), ring("broad", "1", Duration.ZERO))))
                .extracting(Problem.FieldError::field).containsExactly("rings[0].share");
    }

    @Test
    void anEmergencyPlanStillHasARingBeforeEveryone() {
        assertThat(RingPlanRules.check(true, List.of(ring("all", "1", Duration.ZERO))))
                .extracting(Problem.FieldError::field).containsExactly("rings");
        assertThat(RingPlanRules.check(true, List.of(ring("canary", "0.01", Duration.ofMinutes(15)),
                ring("broad", "1", Duration.ofMinutes(30))))).isEmpty();
    }

    @Test
    void aRequiredInternalRingHasItsSoakAndGateCheckedLikeARing() {
        var gate = new RingPlanResource.GateSpec(3, new BigDecimal("0.5"), new BigDecimal("0.1"), Duration.ofMinutes(30));
        assertThat(RingPlanRules.checkInternalRing(null)).isEmpty();
        assertThat(RingPlanRules.checkInternalRing(new RingPlanResource.InternalRingSpec(true, Duration.ofHours(2), gate, false)))
                .isEmpty();
        // Not required: no internal ring, so its soak and gate are not read.
        assertThat(RingPlanRules.checkInternalRing(new RingPlanResource.InternalRingSpec(false, null, null, false))).isEmpty();

        assertThat(RingPlanRules.checkInternalRing(new RingPlanResource.InternalRingSpec(null, Duration.ofHours(2), gate, false)))
                .containsExactly(new Problem.FieldError("internalRing.required", "must be true or false"));
        assertThat(RingPlanRules.checkInternalRing(new RingPlanResource.InternalRingSpec(true, Duration.ofDays(31), null, false)))
                .extracting(Problem.FieldError::field).containsExactly("internalRing.minSoak", "internalRing.gate");
    }

    @Test
    void noCustomerRingMayTakeTheInternalRingsName() {
        assertThat(RingPlanRules.check(false, List.of(ring("internal", "0.1", Duration.ZERO), ring("broad", "1", Duration.ZERO))))
                .extracting(Problem.FieldError::field).containsExactly("rings[0].name");
    }
}
