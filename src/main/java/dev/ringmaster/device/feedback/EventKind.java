package dev.ringmaster.device.feedback;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The kinds of device_events, in the order an install goes through them. {@code offered} and {@code silent}
 * are written by the service only; a device reports the others. {@code rejected} (the device declined the
 * update or its cancellation: a warning) and {@code note} (a message about nothing that moves the install on)
 * are kept in the device's history and leave its action where it is.
 */
public enum EventKind {
    OFFERED("offered", 0, false),
    DOWNLOADING("downloading", 1, true),
    DOWNLOADED("downloaded", 2, true),
    INSTALLING("installing", 3, true),
    SUCCEEDED("succeeded", 4, true),
    FAILED("failed", 4, true),
    CANCELLED("cancelled", 4, true),
    SILENT("silent", 4, false),
    REJECTED("rejected", -1, true),
    NOTE("note", -1, true);

    private final String code;
    private final int step;
    private final boolean reportable;

    EventKind(String code, int step, boolean reportable) {
        this.code = code;
        this.step = step;
        this.reportable = reportable;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public boolean reportableByDevice() {
        return reportable;
    }

    /** Whether a report of this kind moves the action on (or ends it); warnings and notes only go into the history. */
    public boolean movesAction() {
        return step >= 0;
    }

    public boolean terminal() {
        return step == 4;
    }

    int step() {
        return step;
    }

    @JsonCreator
    public static EventKind fromCode(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event kind"));
    }

    @Override
    public String toString() {
        return code;
    }
}
