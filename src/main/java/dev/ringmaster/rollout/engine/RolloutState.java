package dev.ringmaster.rollout.engine;

import java.util.Locale;

/**
 * Where a rollout stands. The allowed moves are spelled out in {@link #canMoveTo} so that no caller can invent
 * one; the lower-case {@link #code()} is what the {@code rollouts.state} column holds.
 *
 * <p>Halted is final, like completed and aborted: a halted release is not trusted again, and the way forward
 * is a new release (or a rollback release) with a rollout of its own.
 */
public enum RolloutState {
    SCHEDULED,
    RUNNING,
    PAUSED,
    ON_HOLD,
    HALTED,
    COMPLETED,
    ABORTED;

    public boolean canMoveTo(RolloutState next) {
        return switch (this) {
            case SCHEDULED -> next == RUNNING || next == ABORTED;
            case RUNNING -> next == PAUSED || next == ON_HOLD || next == HALTED || next == COMPLETED || next == ABORTED;
            // A pause is not a hold: only the vendor ends it, and the emergency stop must still reach it.
            case PAUSED -> next == RUNNING || next == HALTED || next == ABORTED;
            case ON_HOLD -> next == RUNNING || next == HALTED || next == ABORTED;
            case HALTED, COMPLETED, ABORTED -> false;
        };
    }

    public boolean isTerminal() {
        return this == HALTED || this == COMPLETED || this == ABORTED;
    }

    /** The name as stored and shown: {@code on_hold}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RolloutState fromCode(String code) {
        for (RolloutState state : values()) {
            if (state.code().equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown rollout state '" + code + "'");
    }
}
