package dev.ringmaster.rollout.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One change to a rollout, as the audit log will record it. {@code from} and {@code to} are equal for changes
 * within a running rollout (a ring opened or passed).
 *
 * @param ring   the ring the change is about
 * @param actor  {@link #SYSTEM} for the reconciler, otherwise the user who acted
 * @param reason why, in words: the gate's reasons for the reconciler, the user's own text for vendor actions
 */
public record Transition(RolloutState from, RolloutState to, int ring, TransitionCause cause, String actor,
                         String reason, Instant at) {

    public static final String SYSTEM = "system";

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
        if (ring < 0) {
            throw new IllegalArgumentException("ring must not be negative, was " + ring);
        }
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("every transition needs an actor");
        }
        reason = reason == null ? "" : reason;
    }
}
