package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.GateRule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.ringmaster.rollout.engine.Fixtures.ID;
import static dev.ringmaster.rollout.engine.Fixtures.T0;
import static dev.ringmaster.rollout.engine.Fixtures.VENDOR;
import static dev.ringmaster.rollout.engine.Fixtures.clean;
import static dev.ringmaster.rollout.engine.Fixtures.every;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EmergencyRolloutTest {

    /** A compressed plan: an hour's soak instead of a day. */
    private static final GateRule SHORT_SOAK =
            new GateRule(20, new BigDecimal("0.10"), new BigDecimal("0.02"), Duration.ofHours(1), Duration.ofHours(4), 10);

    private static Rollout emergency() {
        return Rollout.scheduled(ID, List.of(new RingStep("canary", SHORT_SOAK, false),
                new RingStep("everyone", SHORT_SOAK, false)), true, T0);
    }

    @Test
    void twoDistinctApproversLetItStartAtRingZero() {
        Outcome ann = RolloutCommands.approve(emergency(), "ann", T0);
        Outcome bob = RolloutCommands.approve(ann.after(), "bob", T0.plusSeconds(60));

        Outcome started = RolloutCommands.start(bob.after(), VENDOR, "hotfix for boot loop", T0.plusSeconds(120));

        assertThat(bob.after().approvers()).containsExactly("ann", "bob");
        assertThat(ann.transitions()).extracting(Transition::cause, Transition::actor, Transition::reason, Transition::to)
                .containsExactly(tuple(TransitionCause.APPROVE, "ann", "approval 1 of 2", RolloutState.SCHEDULED));
        assertThat(bob.transitions()).extracting(Transition::reason).containsExactly("approval 2 of 2");
        assertThat(started.after().state()).isEqualTo(RolloutState.RUNNING);
        assertThat(started.after().currentRing()).isZero();
        assertThat(started.after().rings()).extracting(RingStatus::state).containsExactly(RingState.OPEN, RingState.PENDING);
    }

    @Test
    void theCompressedPlanStillGoesRingByRing() {
        Rollout approved = RolloutCommands.approve(RolloutCommands.approve(emergency(), "ann", T0).after(), "bob", T0).after();
        Rollout started = RolloutCommands.start(approved, VENDOR, null, T0).after();
        Instant anHourLater = T0.plus(Duration.ofHours(1));

        Outcome outcome = ReconcilerStep.step(started, every(clean()), anHourLater);

        assertThat(outcome.after().currentRing()).isEqualTo(1);
        assertThat(outcome.after().state()).isEqualTo(RolloutState.RUNNING);
    }

    @Test
    void withoutApproversOrWithOneItDoesNotStart() {
        Rollout annOnly = RolloutCommands.approve(emergency(), "ann", T0).after();

        assertThatThrownBy(() -> RolloutCommands.start(emergency(), VENDOR, null, T0))
                .isInstanceOf(IllegalRolloutAction.class)
                .hasMessage("cannot start rollout " + ID + ": an emergency rollout needs 2 distinct approvers and has 0");
        assertThatThrownBy(() -> RolloutCommands.start(annOnly, VENDOR, null, T0))
                .hasMessage("cannot start rollout " + ID + ": an emergency rollout needs 2 distinct approvers and has 1 (ann)");
    }

    @Test
    void theSamePersonTwiceIsRefused() {
        Rollout annOnly = RolloutCommands.approve(emergency(), "ann", T0).after();

        assertThatThrownBy(() -> RolloutCommands.approve(annOnly, "ann", T0.plusSeconds(60)))
                .isInstanceOf(IllegalRolloutAction.class)
                .hasMessage("cannot approve rollout " + ID + ": ann already approved it, and an emergency rollout needs 2 distinct approvers");
        assertThat(annOnly.approvers()).containsExactly("ann");
    }

    @Test
    void approvalsAreForEmergencyRolloutsBeforeTheyStart() {
        Rollout approved = RolloutCommands.approve(RolloutCommands.approve(emergency(), "ann", T0).after(), "bob", T0).after();
        Rollout started = RolloutCommands.start(approved, VENDOR, null, T0).after();

        assertThatThrownBy(() -> RolloutCommands.approve(Fixtures.scheduled(), "ann", T0))
                .hasMessage("cannot approve rollout " + ID + ": only an emergency rollout takes approvers;"
                        + " a ring that needs approval is opened with approveNextRing");
        assertThatThrownBy(() -> RolloutCommands.approve(started, "cid", T0))
                .hasMessage("cannot approve rollout " + ID + ": it is running, and approve needs it scheduled");
    }
}
