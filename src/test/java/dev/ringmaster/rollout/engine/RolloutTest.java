package dev.ringmaster.rollout.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.ringmaster.rollout.engine.Fixtures.ID;
import static dev.ringmaster.rollout.engine.Fixtures.T0;
import static dev.ringmaster.rollout.engine.Fixtures.step;
import static dev.ringmaster.rollout.engine.Fixtures.threeRings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutTest {

    @Test
    void aScheduledRolloutHasEveryRingPending() {
        Rollout rollout = Rollout.scheduled(ID, threeRings(), false, T0);

        assertThat(rollout.state()).isEqualTo(RolloutState.SCHEDULED);
        assertThat(rollout.currentRing()).isZero();
        assertThat(rollout.rings()).containsOnly(RingStatus.pending()).hasSize(3);
        assertThat(rollout.approvers()).isEmpty();
        assertThat(rollout.stateChangedAt()).isEqualTo(T0);
    }

    @Test
    void changesGiveNewSnapshotsAndLeaveTheOldOneAlone() {
        Rollout before = Rollout.scheduled(ID, threeRings(), true, T0);

        Rollout after = before.withApprover("ann").withRing(0, RingStatus.pending().open(T0)).withCurrentRing(1);

        assertThat(before.approvers()).isEmpty();
        assertThat(before.ring(0)).isEqualTo(RingStatus.pending());
        assertThat(before.currentRing()).isZero();
        assertThat(after.approvers()).containsExactly("ann");
        assertThat(after.ring(0).state()).isEqualTo(RingState.OPEN);
        assertThat(after.currentRing()).isEqualTo(1);
        assertThatThrownBy(() -> after.rings().set(0, RingStatus.pending()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theStateMachineGuardsEverySnapshotChange() {
        Rollout scheduled = Rollout.scheduled(ID, threeRings(), false, T0);

        assertThatThrownBy(() -> scheduled.withState(RolloutState.COMPLETED, T0))
                .isInstanceOf(IllegalRolloutAction.class)
                .hasMessage("cannot move rollout " + ID + ": a scheduled rollout cannot become completed");
    }

    @Test
    void aRolloutNeedsAPlanAndMatchingRings() {
        assertThatThrownBy(() -> Rollout.scheduled(ID, List.of(), false, T0))
                .hasMessage("a rollout needs a plan with at least one ring");
        assertThatThrownBy(() -> new Rollout(ID, RolloutState.SCHEDULED, 0, List.of(RingStatus.pending()),
                threeRings(), false, java.util.Set.of(), T0))
                .hasMessage("the plan has 3 rings but 1 ring states were given");
        assertThatThrownBy(() -> Rollout.scheduled(ID, threeRings(), false, T0).withCurrentRing(3))
                .hasMessage("currentRing must be between 0 and 2, was 3");
    }

    @Test
    void ringStatusKeepsItsTimesConsistent() {
        Instant later = T0.plusSeconds(60);
        RingStatus passed = RingStatus.pending().open(T0).pass(later);

        assertThat(passed).isEqualTo(new RingStatus(RingState.PASSED, T0, later));
        assertThat(RingStatus.pending().open(T0).hold().reopen()).isEqualTo(new RingStatus(RingState.OPEN, T0, null));
        assertThatThrownBy(() -> passed.halt()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a ring that is passed cannot become halted");
        assertThatThrownBy(() -> new RingStatus(RingState.OPEN, null, null))
                .hasMessage("a ring that is open must have opened, but openedAt is null");
    }

    @Test
    void aReleaseIsProvenOnceTheFirstCustomerRingPassed() {
        Rollout running = Fixtures.running();
        Rollout canaryPassed = running.withRing(0, running.ring(0).pass(T0));
        Rollout earlyPassed = canaryPassed.withRing(1, RingStatus.pending().open(T0).pass(T0));
        Rollout oneRing = Fixtures.running(List.of(step("only")));

        assertThat(running.isProven()).isFalse();
        assertThat(canaryPassed.isProven()).isFalse();
        assertThat(earlyPassed.isProven()).isTrue();
        assertThat(oneRing.isProven()).isFalse();
        assertThat(oneRing.withRing(0, oneRing.ring(0).pass(T0)).isProven()).isTrue();
    }
}
