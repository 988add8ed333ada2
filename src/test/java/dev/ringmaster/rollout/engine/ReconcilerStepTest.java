package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.RingHealth;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.ringmaster.rollout.engine.Fixtures.DAY;
import static dev.ringmaster.rollout.engine.Fixtures.T0;
import static dev.ringmaster.rollout.engine.Fixtures.VENDOR;
import static dev.ringmaster.rollout.engine.Fixtures.approvedStep;
import static dev.ringmaster.rollout.engine.Fixtures.clean;
import static dev.ringmaster.rollout.engine.Fixtures.every;
import static dev.ringmaster.rollout.engine.Fixtures.health;
import static dev.ringmaster.rollout.engine.Fixtures.running;
import static dev.ringmaster.rollout.engine.Fixtures.step;
import static dev.ringmaster.rollout.engine.Fixtures.tooFewReports;
import static dev.ringmaster.rollout.engine.TransitionCause.AWAITING_APPROVAL;
import static dev.ringmaster.rollout.engine.TransitionCause.COMPLETE;
import static dev.ringmaster.rollout.engine.TransitionCause.HALT;
import static dev.ringmaster.rollout.engine.TransitionCause.HOLD;
import static dev.ringmaster.rollout.engine.TransitionCause.HOLD_CLEARED;
import static dev.ringmaster.rollout.engine.TransitionCause.RING_OPENED;
import static dev.ringmaster.rollout.engine.TransitionCause.RING_PASSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ReconcilerStepTest {

    private static final Instant DAY_1 = T0.plus(DAY);
    private static final Instant DAY_2 = T0.plus(DAY.multipliedBy(2));
    private static final Instant DAY_3 = T0.plus(DAY.multipliedBy(3));

    /** 10 of 40 offered went silent while only 1 % of the others went quiet: the release bricks devices. */
    private static final RingHealth BRICKED = health(40, 30, 0, 10, 10, 1000);
    /** 30 % of the offered and 28 % of the others quiet: an outage. */
    private static final RingHealth EVERYONE_QUIET = health(40, 28, 0, 12, 280, 1000);
    /** 10 of 10 reported failure. */
    private static final RingHealth ALL_FAILED = health(10, 0, 10, 0, 0, 90);

    @Nested
    class Healthy {

        @Test
        void aHealthyRolloutGoesThroughEveryRingOneStepAtATime() {
            Rollout rollout = running();
            List<Transition> audit = new ArrayList<>();

            // Day 0: soak not elapsed. Days 1, 2, 3: one ring passes each day.
            for (Instant now : List.of(T0.plusSeconds(3600), DAY_1, DAY_2, DAY_3)) {
                Outcome outcome = ReconcilerStep.step(rollout, every(clean()), now);
                audit.addAll(outcome.transitions());
                rollout = outcome.after();
            }

            assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(rollout.stateChangedAt()).isEqualTo(DAY_3);
            assertThat(rollout.rings()).containsExactly(
                    new RingStatus(RingState.PASSED, T0, DAY_1),
                    new RingStatus(RingState.PASSED, DAY_1, DAY_2),
                    new RingStatus(RingState.PASSED, DAY_2, DAY_3));
            assertThat(audit).extracting(Transition::cause, Transition::ring, Transition::to, Transition::actor, Transition::at)
                    .containsExactly(
                            tuple(RING_PASSED, 0, RolloutState.RUNNING, Transition.SYSTEM, DAY_1),
                            tuple(RING_OPENED, 1, RolloutState.RUNNING, Transition.SYSTEM, DAY_1),
                            tuple(RING_PASSED, 1, RolloutState.RUNNING, Transition.SYSTEM, DAY_2),
                            tuple(RING_OPENED, 2, RolloutState.RUNNING, Transition.SYSTEM, DAY_2),
                            tuple(RING_PASSED, 2, RolloutState.RUNNING, Transition.SYSTEM, DAY_3),
                            tuple(COMPLETE, 2, RolloutState.COMPLETED, Transition.SYSTEM, DAY_3));
        }

        @Test
        void aPassingRingSaysWhyInTheAudit() {
            Outcome outcome = ReconcilerStep.step(running(), every(clean()), DAY_1);

            assertThat(outcome.transitions().get(0).reason()).isEqualTo("soaked 1d of 1d minimum; 300 finished, 20 needed;"
                    + " 300 finished, 30 needed (10 % of 300 offered); failure rate upper bound 1.3 % ≤ 2 % (0 of 300 finished failed)");
            assertThat(outcome.transitions().get(1).reason()).isEqualTo("ring 'early' opened after ring 'canary' passed");
        }

        @Test
        void theSoakOfANewRingCountsFromItsOwnOpening() {
            Rollout early = ReconcilerStep.step(running(), every(clean()), DAY_1).after();

            // A day after the canary opened, but only an hour after the early ring did.
            Outcome outcome = ReconcilerStep.step(early, every(clean()), DAY_1.plusSeconds(3600));

            assertThat(outcome.changed()).isFalse();
            assertThat(outcome.after()).isSameAs(early);
        }

        @Test
        void aRingWithTooFewReportsWaitsAndNothingChanges() {
            Rollout rollout = running();

            Outcome outcome = ReconcilerStep.step(rollout, every(tooFewReports()), DAY_3);

            assertThat(outcome.transitions()).isEmpty();
            assertThat(outcome.after()).isSameAs(rollout);
        }

        @Test
        void onlyTheCurrentRingIsAsked() {
            Rollout early = ReconcilerStep.step(running(), every(clean()), DAY_1).after();
            List<Integer> asked = new ArrayList<>();

            ReconcilerStep.step(early, ring -> {
                asked.add(ring);
                return tooFewReports();
            }, DAY_2);

            assertThat(asked).containsExactly(1);
        }
    }

    @Nested
    class Halting {

        @Test
        void reportedFailuresHaltTheRolloutAndTheRing() {
            Instant now = T0.plusSeconds(7200);

            Outcome outcome = ReconcilerStep.step(running(), every(ALL_FAILED), now);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.HALTED);
            assertThat(outcome.after().stateChangedAt()).isEqualTo(now);
            assertThat(outcome.after().ring(0).state()).isEqualTo(RingState.HALTED);
            assertThat(outcome.after().ring(1).state()).isEqualTo(RingState.PENDING);
            assertThat(outcome.transitions()).containsExactly(new Transition(RolloutState.RUNNING, RolloutState.HALTED, 0,
                    HALT, Transition.SYSTEM,
                    "failure rate lower bound 72.2 % > 2 % (10 of 10 finished failed, 0 of them silent)", now));
        }

        @Test
        void theSameRatioWithTooFewReportsDoesNotHalt() {
            // 25 % failed both times under a 5 % gate: 2 of 8 is below the 10 reports a halt needs, 5 of 20 is not.
            Rollout rollout = running(List.of(new RingStep("canary", Fixtures.rule(new BigDecimal("0.05")), false)));

            Outcome tooFew = ReconcilerStep.step(rollout, every(health(100, 6, 2, 0, 0, 900)), DAY_2);
            Outcome enough = ReconcilerStep.step(rollout, every(health(100, 15, 5, 0, 0, 900)), DAY_2);

            assertThat(tooFew.changed()).isFalse();
            assertThat(tooFew.after().state()).isEqualTo(RolloutState.RUNNING);
            assertThat(enough.after().state()).isEqualTo(RolloutState.HALTED);
        }

        @Test
        void silenceHalts() {
            Outcome outcome = ReconcilerStep.step(running(), every(BRICKED), DAY_1);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.HALTED);
            assertThat(outcome.transitions()).singleElement().satisfies(transition -> {
                assertThat(transition.cause()).isEqualTo(HALT);
                assertThat(transition.reason()).startsWith("10 of 40 offered devices went silent (25.0 %)");
            });
        }

        @Test
        void aLaterRingHaltsToo() {
            Function<Integer, RingHealth> canaryCleanEarlyBricked = ring -> ring == 0 ? clean() : BRICKED;
            Rollout early = ReconcilerStep.step(running(), canaryCleanEarlyBricked, DAY_1).after();

            Outcome outcome = ReconcilerStep.step(early, canaryCleanEarlyBricked, DAY_1.plusSeconds(600));

            assertThat(outcome.after().state()).isEqualTo(RolloutState.HALTED);
            assertThat(outcome.after().rings()).extracting(RingStatus::state)
                    .containsExactly(RingState.PASSED, RingState.HALTED, RingState.PENDING);
            assertThat(outcome.transitions()).singleElement().extracting(Transition::ring).isEqualTo(1);
        }
    }

    @Nested
    class Holding {

        @Test
        void everyoneQuietHoldsInsteadOfHalting() {
            Outcome outcome = ReconcilerStep.step(running(), every(EVERYONE_QUIET), DAY_1);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.ON_HOLD);
            assertThat(outcome.after().ring(0).state()).isEqualTo(RingState.ON_HOLD);
            assertThat(outcome.transitions()).singleElement().satisfies(transition -> {
                assertThat(transition.cause()).isEqualTo(HOLD);
                assertThat(transition.from()).isEqualTo(RolloutState.RUNNING);
                assertThat(transition.to()).isEqualTo(RolloutState.ON_HOLD);
                assertThat(transition.reason()).contains("looks like an outage rather than the release");
            });
        }

        @Test
        void whenTheDevicesComeBackTheRolloutRunsAgainAndThenPasses() {
            Rollout held = ReconcilerStep.step(running(), every(EVERYONE_QUIET), DAY_1).after();
            Instant back = DAY_1.plusSeconds(3 * 3600);

            Outcome stillQuiet = ReconcilerStep.step(held, every(EVERYONE_QUIET), DAY_1.plusSeconds(3600));
            Outcome cleared = ReconcilerStep.step(held, every(clean()), back);
            Outcome passed = ReconcilerStep.step(cleared.after(), every(clean()), back.plusSeconds(60));

            assertThat(stillQuiet.changed()).isFalse();
            assertThat(cleared.after().state()).isEqualTo(RolloutState.RUNNING);
            // The ring keeps its opening time: the soak done before the hold counts.
            assertThat(cleared.after().ring(0)).isEqualTo(new RingStatus(RingState.OPEN, T0, null));
            assertThat(cleared.transitions()).extracting(Transition::from, Transition::to, Transition::cause)
                    .containsExactly(tuple(RolloutState.ON_HOLD, RolloutState.RUNNING, HOLD_CLEARED));
            assertThat(passed.transitions()).extracting(Transition::cause).containsExactly(RING_PASSED, RING_OPENED);
        }

        @Test
        void aHeldRingThatTurnsOutBadHaltsAtOnce() {
            Rollout held = ReconcilerStep.step(running(), every(EVERYONE_QUIET), DAY_1).after();

            Outcome outcome = ReconcilerStep.step(held, every(BRICKED), DAY_2);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.HALTED);
            assertThat(outcome.after().ring(0).state()).isEqualTo(RingState.HALTED);
            assertThat(outcome.transitions()).extracting(Transition::from, Transition::to, Transition::cause)
                    .containsExactly(tuple(RolloutState.ON_HOLD, RolloutState.HALTED, HALT));
        }
    }

    @Nested
    class ManualApproval {

        private final List<RingStep> plan = List.of(step("canary"), approvedStep("early"), step("broad"));

        @Test
        void aPassedRingWaitsForApprovalOfTheNextAndSaysSoOnce() {
            Rollout rollout = running(plan);

            Outcome passed = ReconcilerStep.step(rollout, every(clean()), DAY_1);
            Outcome again = ReconcilerStep.step(passed.after(), every(clean()), DAY_2);

            assertThat(passed.after().state()).isEqualTo(RolloutState.RUNNING);
            assertThat(passed.after().currentRing()).isZero();
            assertThat(passed.after().awaitingApproval()).isTrue();
            assertThat(passed.after().ring(1).state()).isEqualTo(RingState.PENDING);
            assertThat(passed.transitions()).extracting(Transition::cause, Transition::ring, Transition::reason)
                    .containsExactly(
                            tuple(RING_PASSED, 0, passed.transitions().get(0).reason()),
                            tuple(AWAITING_APPROVAL, 1, "ring 'early' opens once a vendor approves it"));
            assertThat(again.changed()).isFalse();
            assertThat(again.after()).isSameAs(passed.after());
        }

        @Test
        void onceApprovedTheNextRingOpensAndSoaksFromTheApproval() {
            Rollout waiting = ReconcilerStep.step(running(plan), every(clean()), DAY_1).after();
            Instant approvedAt = DAY_2;

            Outcome approved = RolloutCommands.approveNextRing(waiting, VENDOR, approvedAt);
            Outcome tooEarly = ReconcilerStep.step(approved.after(), every(clean()), DAY_3.minusSeconds(1));
            Outcome passed = ReconcilerStep.step(approved.after(), every(clean()), DAY_3);

            assertThat(approved.after().currentRing()).isEqualTo(1);
            assertThat(approved.after().ring(1)).isEqualTo(new RingStatus(RingState.OPEN, approvedAt, null));
            assertThat(approved.transitions()).extracting(Transition::cause, Transition::actor, Transition::reason)
                    .containsExactly(tuple(RING_OPENED, VENDOR, "ring 'early' approved by " + VENDOR));
            assertThat(tooEarly.changed()).isFalse();
            assertThat(passed.transitions()).extracting(Transition::cause).containsExactly(RING_PASSED, RING_OPENED);
        }
    }

    @Nested
    class Idempotence {

        @Test
        void repeatingAStepAfterEachKindOfTransitionChangesNothing() {
            Map<String, Function<Integer, RingHealth>> healths = Map.of(
                    "halt", every(ALL_FAILED),
                    "hold", every(EVERYONE_QUIET),
                    "complete", every(clean()));
            Rollout oneRing = running(List.of(step("only")));

            for (var entry : healths.entrySet()) {
                Outcome first = ReconcilerStep.step(oneRing, entry.getValue(), DAY_1);
                Outcome second = ReconcilerStep.step(first.after(), entry.getValue(), DAY_1);

                assertThat(first.changed()).as(entry.getKey()).isTrue();
                assertThat(second.transitions()).as(entry.getKey()).isEmpty();
                assertThat(second.after()).as(entry.getKey()).isEqualTo(first.after());
            }
        }

        @Test
        void aRingThatJustOpenedIsNotPassedByTheSameStepAgain() {
            // The next ring opens at `now` with zero soak, so stepping again at the same instant only waits.
            Outcome first = ReconcilerStep.step(running(), every(clean()), DAY_1);
            Outcome second = ReconcilerStep.step(first.after(), every(clean()), DAY_1);

            assertThat(second.transitions()).isEmpty();
        }

        @Test
        void theSameInputsGiveTheSameOutcome() {
            Rollout rollout = running();

            assertThat(ReconcilerStep.step(rollout, every(clean()), DAY_1))
                    .isEqualTo(ReconcilerStep.step(rollout, every(clean()), DAY_1));
        }
    }

    @Nested
    class NotAdvanced {

        @Test
        void pausedScheduledAndFinishedRolloutsAreLeftAloneWithoutAskingForHealth() {
            Function<Integer, RingHealth> mustNotBeAsked = ring -> {
                throw new AssertionError("health asked for ring " + ring);
            };
            Rollout paused = RolloutCommands.pause(running(), VENDOR, null, T0).after();
            Rollout aborted = RolloutCommands.abort(running(), VENDOR, "wrong build", T0).after();

            for (Rollout rollout : List.of(paused, Fixtures.scheduled(), aborted)) {
                Outcome outcome = ReconcilerStep.step(rollout, mustNotBeAsked, DAY_3);

                assertThat(outcome.changed()).as(rollout.state().code()).isFalse();
                assertThat(outcome.after()).isSameAs(rollout);
            }
        }

        @Test
        void aClockBehindTheOpeningCountsAsNoSoak() {
            Outcome outcome = ReconcilerStep.step(running(), every(clean()), T0.minusSeconds(5));

            assertThat(outcome.changed()).isFalse();
        }
    }

    @Nested
    class CohortOutage {

        private final CohortFindings euOutage = new CohortFindings(List.of(), List.of("cohort region=eu: looks like an outage"),
                List.of());

        @Test
        void aCohortInAnOutageHoldsARingThatWouldPassAndKeepsItOnHoldUntilItEnds() {
            Outcome held = ReconcilerStep.step(running(), every(clean()), euOutage, DAY_1);

            assertThat(held.after().state()).isEqualTo(RolloutState.ON_HOLD);
            assertThat(held.transitions()).extracting(Transition::cause).containsExactly(HOLD);
            assertThat(held.transitions().getFirst().reason()).startsWith("cohort region=eu: looks like an outage");

            Outcome stillHeld = ReconcilerStep.step(held.after(), every(clean()), euOutage, DAY_1.plusSeconds(600));
            assertThat(stillHeld.transitions()).isEmpty();
            assertThat(stillHeld.after().state()).isEqualTo(RolloutState.ON_HOLD);

            Outcome cleared = ReconcilerStep.step(stillHeld.after(), every(clean()), CohortFindings.NONE,
                    DAY_1.plusSeconds(1200));
            assertThat(cleared.transitions()).extracting(Transition::cause).containsExactly(HOLD_CLEARED);
        }

        @Test
        void theRingsOwnHaltStillComesFirst() {
            Outcome outcome = ReconcilerStep.step(running(), every(ALL_FAILED), euOutage, DAY_1);

            assertThat(outcome.after().state()).isEqualTo(RolloutState.HALTED);
        }
    }
}
