package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control group's outage rule and the comparison it adds to a cohort's reasons. */
class ControlGroupTest {

    private static final GateRule RING = new GateRule(1, new java.math.BigDecimal("0.5"), new java.math.BigDecimal("0.2"),
            Duration.ofHours(1), Duration.ofHours(2), 3);

    /** 6 offered in the cohort: 4 went silent, 1 reported failure, 1 succeeded. */
    private static RingHealth updated(ControlGroup control) {
        return new RingHealth(6, 0, 0, 1, 1, 4, 0, 0).withControl(control);
    }

    @Test
    void silenceOnlyAmongTheUpdatedCountsAgainstTheRelease() {
        ControlGroup control = new ControlGroup(9, 0);

        assertThat(control.read(updated(control))).isEqualTo(ControlGroup.Reading.RELEASE);
        assertThat(control.silenceReason(updated(control))).isEqualTo("4 of 6 offered devices went silent (66.7 %) but only"
                + " 0 of 9 not-yet-updated devices went quiet (0.0 %): silence counts as failure");
    }

    @Test
    void aControlAsQuietAsTheUpdatedIsAnOutage() {
        ControlGroup control = new ControlGroup(9, 6);

        assertThat(control.read(updated(control))).isEqualTo(ControlGroup.Reading.OUTAGE);
    }

    @Test
    void theRatioIsHalfTheSilentShareInclusive() {
        // 4 of 6 silent is 66.7 %; half of it is 33.3 %: 3 of 9 quiet is exactly that, 2 of 9 is under.
        assertThat(new ControlGroup(9, 3).read(updated(new ControlGroup(9, 3)))).isEqualTo(ControlGroup.Reading.OUTAGE);
        assertThat(new ControlGroup(9, 2).read(updated(new ControlGroup(9, 2)))).isEqualTo(ControlGroup.Reading.RELEASE);
    }

    @Test
    void withoutControlOrWithoutSilenceThereIsNothingToExplain() {
        assertThat(ControlGroup.NONE.read(updated(ControlGroup.NONE))).isEqualTo(ControlGroup.Reading.NO_CONTROL);
        RingHealth noSilence = new RingHealth(6, 0, 0, 5, 1, 0, 3, 9);
        assertThat(ControlGroup.of(noSilence).read(noSilence)).isEqualTo(ControlGroup.Reading.NO_SILENCE);
        assertThat(ControlGroup.of(noSilence).silenceReason(noSilence)).isNull();
    }

    @Test
    void theComparisonShowsSilenceAndFailureOfBothGroupsInNumbers() {
        ControlGroup control = new ControlGroup(9, 1);

        assertThat(control.comparison(updated(control))).isEqualTo("updated 4 of 6 silent (66.7 %), 5 of 6 finished failed"
                + " (83.3 %); not yet updated 1 of 9 quiet (11.1 %)");
        assertThat(ControlGroup.NONE.comparison(updated(ControlGroup.NONE))).endsWith("not yet updated none to compare with");
    }

    @Test
    void aCohortIsQuarantinedOrHeldByItsOwnControlAndSaysWhy() {
        Cohort eu = new Cohort(List.of("region"), List.of("eu"));
        ControlGroup checkingIn = new ControlGroup(9, 0);
        ControlGroup quietToo = new ControlGroup(9, 7);

        CohortGate.Verdict bricked = CohortGate.evaluate(RING, 3, Map.of(eu, updated(checkingIn)), Set.of(),
                Duration.ofHours(2)).getFirst();
        CohortGate.Verdict outage = CohortGate.evaluate(RING, 3, Map.of(eu, updated(quietToo)), Set.of(),
                Duration.ofHours(2)).getFirst();

        assertThat(bricked.failed()).isTrue();
        assertThat(bricked.reason()).endsWith("control: updated 4 of 6 silent (66.7 %), 5 of 6 finished failed (83.3 %);"
                + " not yet updated 0 of 9 quiet (0.0 %)");
        assertThat(outage.failed()).isFalse();
        assertThat(outage.decision().outcome()).isEqualTo(GateOutcome.HOLD);
        assertThat(outage.reason()).contains("looks like an outage").contains("not yet updated 7 of 9 quiet (77.8 %)");
    }

    @Test
    void aControlCannotBeQuieterThanItIsLarge() {
        assertThatThrownBy(() -> new ControlGroup(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
