package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CancellationsTest {

    private static OfferStore.Stored stored(long actionId, OfferCandidate.ActionState action, boolean stopped) {
        OfferCandidate candidate = new OfferCandidate(UUID.randomUUID(), UUID.randomUUID(), "agent", SemanticVersion.parse("2.0.0"),
                0, null, null, false, true, false, false, false, action);
        return new OfferStore.Stored(candidate, UUID.randomUUID(), action == OfferCandidate.ActionState.NONE ? null : actionId, 1, stopped);
    }

    @Test
    void anOpenActionOfAStoppedRolloutIsCancelledOldestFirst() {
        assertThat(Cancellations.due(List.of())).isEmpty();
        assertThat(Cancellations.due(List.of(stored(1, OfferCandidate.ActionState.IN_PROGRESS, false)))).as("still running").isEmpty();
        assertThat(Cancellations.due(List.of(stored(1, OfferCandidate.ActionState.FINISHED, true)))).as("finished").isEmpty();
        assertThat(Cancellations.due(List.of(stored(1, OfferCandidate.ActionState.NONE, true)))).as("never offered").isEmpty();
        OfferStore.Stored older = stored(3, OfferCandidate.ActionState.IN_PROGRESS, true);
        OfferStore.Stored newer = stored(7, OfferCandidate.ActionState.IN_PROGRESS, true);
        assertThat(Cancellations.due(List.of(newer, stored(1, OfferCandidate.ActionState.IN_PROGRESS, false), older))).contains(older);
    }

    @Test
    void aRolloutStopsWhenHaltedOrAbortedOrItsReleaseHaltedOrWithdrawn() {
        assertThat(SharedFacts.stopped("halted", "rolling_out")).isTrue();
        assertThat(SharedFacts.stopped("aborted", "published")).isTrue();
        assertThat(SharedFacts.stopped("running", "withdrawn")).isTrue();
        assertThat(SharedFacts.stopped(null, "halted")).isTrue();
        for (String state : List.of("scheduled", "running", "paused", "on_hold", "completed")) {
            assertThat(SharedFacts.stopped(state, "rolling_out")).as(state).isFalse();
        }
    }
}
