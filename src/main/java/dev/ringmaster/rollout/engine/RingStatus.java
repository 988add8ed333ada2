package dev.ringmaster.rollout.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One ring of a rollout at one moment.
 *
 * @param openedAt when the ring opened; the soak counts from here. Null while pending.
 * @param passedAt when the ring passed (by its gate or by promotion). Null until then.
 */
public record RingStatus(RingState state, Instant openedAt, Instant passedAt) {

    public RingStatus {
        Objects.requireNonNull(state, "state");
        if (state == RingState.PENDING && openedAt != null) {
            throw new IllegalArgumentException("a pending ring has not opened, but openedAt is " + openedAt);
        }
        if (state != RingState.PENDING && openedAt == null) {
            throw new IllegalArgumentException("a ring that is " + state.code() + " must have opened, but openedAt is null");
        }
        if ((state == RingState.PASSED) != (passedAt != null)) {
            throw new IllegalArgumentException("passedAt is set exactly when the ring passed; state " + state.code()
                    + ", passedAt " + passedAt);
        }
    }

    public static RingStatus pending() {
        return new RingStatus(RingState.PENDING, null, null);
    }

    public RingStatus open(Instant at) {
        return new RingStatus(moveTo(RingState.OPEN), Objects.requireNonNull(at, "at"), null);
    }

    public RingStatus pass(Instant at) {
        return new RingStatus(moveTo(RingState.PASSED), openedAt, Objects.requireNonNull(at, "at"));
    }

    public RingStatus halt() {
        return new RingStatus(moveTo(RingState.HALTED), openedAt, null);
    }

    public RingStatus hold() {
        return new RingStatus(moveTo(RingState.ON_HOLD), openedAt, null);
    }

    /** Back to open after a hold; the ring keeps its original opening time, so the soak it already did counts. */
    public RingStatus reopen() {
        return new RingStatus(moveTo(RingState.OPEN), openedAt, null);
    }

    private RingState moveTo(RingState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("a ring that is " + state.code() + " cannot become " + next.code());
        }
        return next;
    }
}
