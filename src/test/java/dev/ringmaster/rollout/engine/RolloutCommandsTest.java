package dev.ringmaster.rollout.engine;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.ringmaster.rollout.engine.Fixtures.DAY;
import static dev.ringmaster.rollout.engine.Fixtures.ID;
import static dev.ringmaster.rollout.engine.Fixtures.T0;
import static dev.ringmaster.rollout.engine.Fixtures.VENDOR;
import static dev.ringmaster.rollout.engine.Fixtures.approvedStep;
import static dev.ringmaster.rollout.engine.Fixtures.clean;
import static dev.ringmaster.rollout.engine.Fixtures.every;
import static dev.ringmaster.rollout.engine.Fixtures.health;
import static dev.ringmaster.rollout.engine.Fixtures.running;
import static dev.ringmaster.rollout.engine.Fixtures.scheduled;
import static dev.ringmaster.rollout.engine.Fixtures.step;
import static dev.ringmaster.rollout.engine.Fixtures.tooFewReports;
import static dev.ringmaster.rollout.engine.TransitionCause.ABORT;
import static dev.ringmaster.rollout.engine.TransitionCause.COMPLETE;
import static dev.ringmaster.rollout.engine.TransitionCause.EMERGENCY_STOP;
import static dev.ringmaster.rollout.engine.TransitionCause.PAUSE;
import static dev.ringmaster.rollout.engine.TransitionCause.PROMOTE;
import static dev.ringmaster.rollout.engine.TransitionCause.RESUME;
import static dev.ringmaster.rollout.engine.TransitionCause.RING_OPENED;
import static dev.ringmaster.rollout.engine.TransitionCause.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RolloutCommandsTest {

    private static final Instant LATER = T0.plusSeconds(3600);

    private static Rollout held() {
        return ReconcilerStep.step(running(), every(health(40, 28, 0, 12, 280, 1000)), T0.plus(DAY)).after();
    }

    private static Rollout completed() {
        return running(List.of(step("only"))).withState(RolloutState.COMPLETED, LATER);
    }

    @Test
    void startOpensRingZero() {
        Outcome outcome = RolloutCommands.start(scheduled(), VENDOR, "release 4.2.0", T0);

        assertThat(outcome.after().state()).isEqualTo(RolloutState.RUNNING);
        assertThat(outcome.after().currentRing()).isZero();
        assertThat(outcome.after().rings()).extracting(RingStatus::state)
                .containsExactly(RingState.OPEN, RingState.PENDING, RingState.PENDING);
        assertThat(outcome.transitions()).containsExactly(
                new Transition(RolloutState.SCHEDULED, RolloutState.RUNNING, 0, START, VENDOR, "release 4.2.0", T0),
                new Transition(RolloutState.RUNNING, RolloutState.RUNNING, 0, RING_OPENED, VENDOR,
                        "ring 'canary' opened on start", T0));
    }

    @Test
    void startingIsTheApprovalOfRingZero() {
        Outcome outcome = RolloutCommands.start(scheduled(List.of(approvedStep("canary"), step("broad"))), VENDOR, null, T0);

        assertThat(outcome.after().ring(0).state()).isEqualTo(RingState.OPEN);
    }

    @Nested
    class PauseAndResume {

        @Test
        void aPausedRolloutIsNotAdvancedAndResumesWhereItWas() {
            Outcome paused = RolloutCommands.pause(running(), VENDOR, "customer escalation", LATER);
            Outcome stepped = ReconcilerStep.step(paused.after(), every(clean()), T0.plus(DAY.multipliedBy(5)));
            Outcome resumed = RolloutCommands.resume(stepped.after(), VENDOR, "escalation closed", T0.plus(DAY.multipliedBy(5)));

            assertThat(paused.after().state()).isEqualTo(RolloutState.PAUSED);
            assertThat(paused.after().ring(0).state()).isEqualTo(RingState.OPEN);
            assertThat(paused.transitions()).extracting(Transition::from, Transition::to, Transition::cause, Transition::reason)
                    .containsExactly(tuple(RolloutState.RUNNING, RolloutState.PAUSED, PAUSE, "customer escalation"));
            assertThat(stepped.changed()).isFalse();
            assertThat(resumed.after().state()).isEqualTo(RolloutState.RUNNING);
            assertThat(resumed.after().rings()).isEqualTo(paused.after().rings());
            assertThat(resumed.transitions()).extracting(Transition::from, Transition::to, Transition::cause)
                    .containsExactly(tuple(RolloutState.PAUSED, RolloutState.RUNNING, RESUME));
            assertThat(ReconcilerStep.step(resumed.after(), every(clean()), T0.plus(DAY.multipliedBy(5))).after().currentRing())
                    .isEqualTo(1);
        }

        @Test
        void resumingAHoldReopensTheRingUntilTheGateHoldsItAgain() {
            Outcome resumed = RolloutCommands.resume(held(), VENDOR, "outage is regional, known", LATER);

            assertThat(resumed.after().state()).isEqualTo(RolloutState.RUNNING);
            assertThat(resumed.after().ring(0).state()).isEqualTo(RingState.OPEN);
            assertThat(resumed.transitions()).extracting(Transition::from, Transition::to)
                    .containsExactly(tuple(RolloutState.ON_HOLD, RolloutState.RUNNING));
        }
    }

    @Nested
    class Promote {

        @Test
        void promotingPassesTheCurrentRingAndOpensTheNext() {
            Outcome outcome = RolloutCommands.promote(running(), VENDOR, "fix for an exploited CVE", LATER);

            assertThat(outcome.after().currentRing()).isEqualTo(1);
            assertThat(outcome.after().ring(0)).isEqualTo(new RingStatus(RingState.PASSED, T0, LATER));
            assertThat(outcome.after().ring(1)).isEqualTo(new RingStatus(RingState.OPEN, LATER, null));
            assertThat(outcome.transitions()).extracting(Transition::cause, Transition::ring, Transition::actor, Transition::reason)
                    .containsExactly(
                            tuple(PROMOTE, 0, VENDOR, "fix for an exploited CVE"),
                            tuple(RING_OPENED, 1, VENDOR, "ring 'early' opened after ring 'canary' passed"));
        }

        @Test
        void promotingIsTheApprovalOfTheNextRing() {
            Rollout rollout = running(List.of(step("canary"), approvedStep("early")));

            Outcome outcome = RolloutCommands.promote(rollout, VENDOR, "urgent", LATER);

            assertThat(outcome.after().ring(1).state()).isEqualTo(RingState.OPEN);
        }

        @Test
        void promotingTheLastRingCompletes() {
            Rollout last = running(List.of(step("only")));

            Outcome outcome = RolloutCommands.promote(last, VENDOR, "enough seen", LATER);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(outcome.transitions()).extracting(Transition::cause).containsExactly(PROMOTE, COMPLETE);
        }

        @Test
        void aReasonIsRequired() {
            for (String missing : new String[] {null, "", "   "}) {
                assertThatThrownBy(() -> RolloutCommands.promote(running(), VENDOR, missing, LATER))
                        .isInstanceOf(IllegalRolloutAction.class)
                        .hasMessage("cannot promote rollout " + ID + ": a reason is required: promoting passes a ring without its gate");
            }
        }

        @Test
        void aRingWaitingForApprovalIsApprovedNotPromoted() {
            Rollout waiting = ReconcilerStep.step(running(List.of(step("canary"), approvedStep("early"))),
                    every(clean()), T0.plus(DAY)).after();

            assertThatThrownBy(() -> RolloutCommands.promote(waiting, VENDOR, "go", LATER))
                    .hasMessage("cannot promote rollout " + ID + ": ring 'canary' already passed and ring 'early'"
                            + " waits for approval: approve the next ring instead");
        }

        @Test
        void onlyAWaitingRingCanBeApproved() {
            assertThatThrownBy(() -> RolloutCommands.approveNextRing(running(), VENDOR, LATER))
                    .isInstanceOf(IllegalRolloutAction.class)
                    .hasMessage("cannot approve the next ring of rollout " + ID + ": ring 'canary' is open,"
                            + " and only a passed ring with a ring after it waits for approval");
        }
    }

    @Test
    void abortEndsAnyUnfinishedRollout() {
        for (Rollout rollout : List.of(scheduled(), running(), held(),
                RolloutCommands.pause(running(), VENDOR, null, T0).after())) {
            Outcome outcome = RolloutCommands.abort(rollout, VENDOR, "wrong build", LATER);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.ABORTED);
            assertThat(outcome.after().stateChangedAt()).isEqualTo(LATER);
            assertThat(outcome.transitions()).extracting(Transition::from, Transition::to, Transition::cause)
                    .containsExactly(tuple(rollout.state(), RolloutState.ABORTED, ABORT));
        }
    }

    @Nested
    class EmergencyStop {

        @Test
        void stopsARunningRolloutAndHaltsItsRing() {
            Outcome outcome = RolloutCommands.emergencyStop(running(), VENDOR, "field reports of boot loops", LATER);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.HALTED);
            assertThat(outcome.after().ring(0).state()).isEqualTo(RingState.HALTED);
            assertThat(outcome.transitions()).containsExactly(new Transition(RolloutState.RUNNING, RolloutState.HALTED, 0,
                    EMERGENCY_STOP, VENDOR, "field reports of boot loops", LATER));
        }

        @Test
        void theGlobalStopHaltsEveryStartedRolloutAndSkipsTheRest() {
            Rollout paused = RolloutCommands.pause(running(), VENDOR, null, T0).after();
            Rollout waiting = ReconcilerStep.step(running(List.of(step("canary"), approvedStep("early"))),
                    every(clean()), T0.plus(DAY)).after();
            List<Rollout> all = List.of(running(), paused, held(), waiting, scheduled(), completed());

            List<Outcome> stopped = RolloutCommands.emergencyStopAll(all, VENDOR, "stop everything", LATER);

            assertThat(stopped).extracting(outcome -> outcome.transitions().get(0).from())
                    .containsExactly(RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.ON_HOLD, RolloutState.RUNNING);
            assertThat(stopped).extracting(outcome -> outcome.after().state()).containsOnly(RolloutState.HALTED);
            assertThat(stopped).flatExtracting(Outcome::transitions).extracting(Transition::cause).containsOnly(EMERGENCY_STOP);
            // A ring that already passed stays passed: the stop halts what is open.
            assertThat(stopped.get(3).after().ring(0).state()).isEqualTo(RingState.PASSED);
            assertThat(stopped.get(2).after().ring(0).state()).isEqualTo(RingState.HALTED);
        }
    }

    @Nested
    class IllegalActions {

        @Test
        void resumingACompletedRolloutIsRefusedAsFinal() {
            assertThatThrownBy(() -> RolloutCommands.resume(completed(), VENDOR, null, LATER))
                    .isInstanceOf(IllegalRolloutAction.class)
                    .hasMessage("cannot resume rollout " + ID + ": it is completed, which is final")
                    .satisfies(e -> {
                        IllegalRolloutAction action = (IllegalRolloutAction) e;
                        assertThat(action.action()).isEqualTo("resume");
                        assertThat(action.rolloutId()).isEqualTo(ID);
                    });
        }

        @Test
        void eachActionNamesTheStatesItNeeds() {
            Rollout paused = RolloutCommands.pause(running(), VENDOR, null, T0).after();

            assertThatThrownBy(() -> RolloutCommands.start(running(), VENDOR, null, LATER))
                    .hasMessage("cannot start rollout " + ID + ": it is running, and start needs it scheduled");
            assertThatThrownBy(() -> RolloutCommands.pause(paused, VENDOR, null, LATER))
                    .hasMessage("cannot pause rollout " + ID + ": it is paused, and pause needs it running");
            assertThatThrownBy(() -> RolloutCommands.pause(held(), VENDOR, null, LATER))
                    .hasMessage("cannot pause rollout " + ID + ": it is on_hold, and pause needs it running");
            assertThatThrownBy(() -> RolloutCommands.resume(running(), VENDOR, null, LATER))
                    .hasMessage("cannot resume rollout " + ID + ": it is running, and resume needs it paused or on_hold");
            assertThatThrownBy(() -> RolloutCommands.promote(paused, VENDOR, "why", LATER))
                    .hasMessage("cannot promote rollout " + ID + ": it is paused, and promote needs it running");
            assertThatThrownBy(() -> RolloutCommands.emergencyStop(scheduled(), VENDOR, null, LATER))
                    .hasMessage("cannot emergency-stop rollout " + ID
                            + ": it is scheduled, and emergency-stop needs it running or paused or on_hold");
        }

        @Test
        void nothingMovesAFinishedRollout() {
            Rollout halted = ReconcilerStep.step(running(), every(health(10, 0, 10, 0, 0, 90)), LATER).after();
            Rollout aborted = RolloutCommands.abort(running(), VENDOR, null, LATER).after();

            for (Rollout finished : List.of(halted, aborted, completed())) {
                String state = finished.state().code();
                assertThatThrownBy(() -> RolloutCommands.start(finished, VENDOR, null, LATER)).hasMessageEndingWith(state + ", which is final");
                assertThatThrownBy(() -> RolloutCommands.pause(finished, VENDOR, null, LATER)).hasMessageEndingWith(state + ", which is final");
                assertThatThrownBy(() -> RolloutCommands.resume(finished, VENDOR, null, LATER)).hasMessageEndingWith(state + ", which is final");
                assertThatThrownBy(() -> RolloutCommands.abort(finished, VENDOR, null, LATER)).hasMessageEndingWith(state + ", which is final");
                assertThatThrownBy(() -> RolloutCommands.promote(finished, VENDOR, "why", LATER)).hasMessageEndingWith(state + ", which is final");
                assertThatThrownBy(() -> RolloutCommands.emergencyStop(finished, VENDOR, null, LATER)).hasMessageEndingWith(state + ", which is final");
            }
        }

        @Test
        void aRefusedActionLeavesTheRolloutAsItWas() {
            Rollout rollout = running();

            assertThatThrownBy(() -> RolloutCommands.promote(rollout, VENDOR, " ", LATER))
                    .isInstanceOf(IllegalRolloutAction.class);

            assertThat(rollout).isEqualTo(running());
        }

        @Test
        void everyActionNeedsAUserOtherThanTheReconciler() {
            assertThatThrownBy(() -> RolloutCommands.pause(running(), " ", null, LATER))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("every vendor action needs the user who takes it");
            assertThatThrownBy(() -> RolloutCommands.pause(running(), Transition.SYSTEM, null, LATER))
                    .hasMessage("'system' is the reconciler, not a user");
        }
    }

    @Test
    void aWaitingRingIsStillNotAdvancedByTheReconcilerWhilePaused() {
        Rollout paused = RolloutCommands.pause(running(), VENDOR, null, T0).after();

        assertThat(ReconcilerStep.step(paused, every(tooFewReports()), LATER).after()).isSameAs(paused);
    }
}
