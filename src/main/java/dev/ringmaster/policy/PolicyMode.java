package dev.ringmaster.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** How a tenant follows the vendor's releases of one product (DESIGN.md "The merge", 3). */
public enum PolicyMode {
    AUTOMATIC("automatic"),
    APPROVAL("approval"),
    N_MINUS_1("n-1"),
    N_MINUS_2("n-2"),
    PINNED("pinned");

    private final String key;

    PolicyMode(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    @JsonCreator
    public static PolicyMode fromKey(String key) {
        return Arrays.stream(values()).filter(mode -> mode.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown policy mode '" + key
                        + "'; one of automatic, approval, n-1, n-2, pinned"));
    }
}
