package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open period {@code [start, end)}. A null {@code end} means the range never closes, which is what a
 * tenant without maintenance windows gets once no later freeze cuts it short.
 */
public record TimeRange(Instant start, Instant end) {

    public TimeRange {
        Objects.requireNonNull(start, "start");
        if (end != null && !start.isBefore(end)) {
            throw new IllegalArgumentException("a time range must start before it ends: " + start + " .. " + end);
        }
    }

    public static TimeRange openEnded(Instant start) {
        return new TimeRange(start, null);
    }

    public boolean isOpenEnded() {
        return end == null;
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && (end == null || instant.isBefore(end));
    }
}
