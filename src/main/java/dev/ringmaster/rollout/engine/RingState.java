package dev.ringmaster.rollout.engine;

import java.util.Locale;

/** Where one ring of a rollout stands; {@link #code()} is what the {@code rollout_rings.state} column holds. */
public enum RingState {
    PENDING,
    OPEN,
    PASSED,
    HALTED,
    ON_HOLD;

    public boolean canMoveTo(RingState next) {
        return switch (this) {
            case PENDING -> next == OPEN;
            case OPEN -> next == PASSED || next == HALTED || next == ON_HOLD;
            case ON_HOLD -> next == OPEN || next == HALTED;
            case PASSED, HALTED -> false;
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RingState fromCode(String code) {
        for (RingState state : values()) {
            if (state.code().equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown ring state '" + code + "'");
    }
}
