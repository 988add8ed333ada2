package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateDecisionTest {

    @Test
    void reasonsAreCopiedSoTheDecisionCannotChangeLater() {
        List<String> reasons = new ArrayList<>(List.of("soaked 1d of 1d minimum"));
        GateDecision decision = new GateDecision(GateOutcome.WAIT, reasons);
        reasons.add("added afterwards");

        assertThat(decision.reasons()).containsExactly("soaked 1d of 1d minimum");
        assertThatThrownBy(() -> decision.reasons().add("more")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDecisionNeedsAnOutcomeAndAReason() {
        assertThatThrownBy(() -> new GateDecision(null, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("outcome");
        assertThatThrownBy(() -> new GateDecision(GateOutcome.PASS, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reasons");
        assertThatThrownBy(() -> new GateDecision(GateOutcome.PASS, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reasons");
    }
}
