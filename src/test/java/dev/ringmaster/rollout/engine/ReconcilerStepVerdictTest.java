package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.GateOutcome;
import org.junit.jupiter.api.Test;

import static dev.ringmaster.rollout.engine.Fixtures.DAY;
import static dev.ringmaster.rollout.engine.Fixtures.T0;
import static dev.ringmaster.rollout.engine.Fixtures.clean;
import static dev.ringmaster.rollout.engine.Fixtures.every;
import static dev.ringmaster.rollout.engine.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/** The step answers the verdict it judged, a wait included, for the verdict history; a command judges none. */
class ReconcilerStepVerdictTest {

    @Test
    void aWaitChangesNothingButIsAnsweredWithItsReasonsAndNumbers() {
        Outcome outcome = ReconcilerStep.step(running(), every(clean()), T0.plusSeconds(3600));

        assertThat(outcome.changed()).isFalse();
        Outcome.Verdict verdict = outcome.judged().orElseThrow();
        assertThat(verdict.ring()).isZero();
        assertThat(verdict.decision().outcome()).isEqualTo(GateOutcome.WAIT);
        assertThat(verdict.decision().reasons()).anyMatch(reason -> reason.startsWith("soaked 1h of"));
        assertThat(verdict.health()).isEqualTo(clean());
    }

    @Test
    void aPassIsAnsweredWithTheRingItJudgedNotTheOneItOpened() {
        Outcome outcome = ReconcilerStep.step(running(), every(clean()), T0.plus(DAY));

        assertThat(outcome.after().currentRing()).isEqualTo(1);
        assertThat(outcome.judged().orElseThrow().ring()).isZero();
        assertThat(outcome.judged().orElseThrow().decision().outcome()).isEqualTo(GateOutcome.PASS);
    }

    @Test
    void aPausedRolloutIsNotJudged() {
        Rollout paused = RolloutCommands.pause(running(), "vendor", "looking", T0.plusSeconds(60)).after();

        assertThat(ReconcilerStep.step(paused, every(clean()), T0.plus(DAY)).judged()).isEmpty();
    }
}
