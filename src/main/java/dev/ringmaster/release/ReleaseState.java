package dev.ringmaster.release;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a release is in its life (DESIGN.md "Glossary"). Only the transitions listed here exist; a
 * withdrawn, completed or halted release never comes back, so a new version is the way forward.
 */
public enum ReleaseState {
    DRAFT("draft"),
    PUBLISHED("published"),
    ROLLING_OUT("rolling_out"),
    COMPLETED("completed"),
    HALTED("halted"),
    WITHDRAWN("withdrawn");

    private final String key;

    ReleaseState(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public Set<ReleaseState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(PUBLISHED, WITHDRAWN);
            case PUBLISHED -> EnumSet.of(ROLLING_OUT, WITHDRAWN);
            // Back to published when its rollout is aborted: the vendor may roll it out again on another plan.
            case ROLLING_OUT -> EnumSet.of(COMPLETED, HALTED, PUBLISHED);
            case COMPLETED, HALTED, WITHDRAWN -> EnumSet.noneOf(ReleaseState.class);
        };
    }

    public boolean canBecome(ReleaseState target) {
        return next().contains(target);
    }

    /** Whether tenants may see a release in this state: once published, never as a draft. */
    public boolean isVisibleToTenants() {
        return this != DRAFT;
    }

    public static ReleaseState fromKey(String key) {
        return Arrays.stream(values()).filter(state -> state.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown release state '" + key + "'"));
    }

    @Override
    public String toString() {
        return key;
    }
}
