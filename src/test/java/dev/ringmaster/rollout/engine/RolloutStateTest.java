package dev.ringmaster.rollout.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.ringmaster.rollout.engine.RolloutState.ABORTED;
import static dev.ringmaster.rollout.engine.RolloutState.COMPLETED;
import static dev.ringmaster.rollout.engine.RolloutState.HALTED;
import static dev.ringmaster.rollout.engine.RolloutState.ON_HOLD;
import static dev.ringmaster.rollout.engine.RolloutState.PAUSED;
import static dev.ringmaster.rollout.engine.RolloutState.RUNNING;
import static dev.ringmaster.rollout.engine.RolloutState.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutStateTest {

    private static final Map<RolloutState, Set<RolloutState>> ALLOWED = Map.of(
            SCHEDULED, EnumSet.of(RUNNING, ABORTED),
            RUNNING, EnumSet.of(PAUSED, ON_HOLD, HALTED, COMPLETED, ABORTED),
            PAUSED, EnumSet.of(RUNNING, HALTED, ABORTED),
            ON_HOLD, EnumSet.of(RUNNING, HALTED, ABORTED),
            HALTED, EnumSet.noneOf(RolloutState.class),
            COMPLETED, EnumSet.noneOf(RolloutState.class),
            ABORTED, EnumSet.noneOf(RolloutState.class));

    @Test
    void exactlyTheTabledMovesAreAllowed() {
        for (RolloutState from : RolloutState.values()) {
            for (RolloutState to : RolloutState.values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void halted_completed_and_abortedAreFinal() {
        assertThat(Arrays.stream(RolloutState.values()).filter(RolloutState::isTerminal))
                .containsExactlyInAnyOrder(HALTED, COMPLETED, ABORTED);
        assertThat(ALLOWED.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder(HALTED, COMPLETED, ABORTED);
    }

    @Test
    void codesAreTheStoredNames() {
        assertThat(Arrays.stream(RolloutState.values()).map(RolloutState::code))
                .containsExactly("scheduled", "running", "paused", "on_hold", "halted", "completed", "aborted");
        assertThat(RolloutState.fromCode("on_hold")).isEqualTo(ON_HOLD);
        assertThatThrownBy(() -> RolloutState.fromCode("ON_HOLD"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown rollout state 'ON_HOLD'");
    }

    @Test
    void ringStatesMoveOnlyForward_orBetweenOpenAndHold() {
        assertThat(RingState.PENDING.canMoveTo(RingState.OPEN)).isTrue();
        assertThat(RingState.PENDING.canMoveTo(RingState.PASSED)).isFalse();
        assertThat(RingState.OPEN.canMoveTo(RingState.PASSED)).isTrue();
        assertThat(RingState.OPEN.canMoveTo(RingState.HALTED)).isTrue();
        assertThat(RingState.OPEN.canMoveTo(RingState.ON_HOLD)).isTrue();
        assertThat(RingState.ON_HOLD.canMoveTo(RingState.OPEN)).isTrue();
        assertThat(RingState.ON_HOLD.canMoveTo(RingState.HALTED)).isTrue();
        assertThat(RingState.ON_HOLD.canMoveTo(RingState.PASSED)).isFalse();
        for (RingState to : RingState.values()) {
            assertThat(RingState.PASSED.canMoveTo(to)).isFalse();
            assertThat(RingState.HALTED.canMoveTo(to)).isFalse();
        }
        assertThat(Arrays.stream(RingState.values()).map(RingState::code))
                .containsExactly("pending", "open", "passed", "halted", "on_hold");
        assertThat(RingState.fromCode("passed")).isEqualTo(RingState.PASSED);
    }
}
