package dev.ringmaster.release;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Why a release exists; emergency and rollback releases may later take the emergency ring plan. */
public enum ReleaseKind {
    NORMAL("normal"),
    EMERGENCY("emergency"),
    ROLLBACK("rollback");

    private final String key;

    ReleaseKind(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public static ReleaseKind fromKey(String key) {
        return Arrays.stream(values()).filter(kind -> kind.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown release kind '" + key + "'"));
    }

    /** The key, so that the error for an unknown kind lists what a client may send. */
    @Override
    public String toString() {
        return key;
    }
}
