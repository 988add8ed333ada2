package dev.ringmaster.policy;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING;

/**
 * A weekly recurring maintenance window: it opens on each of {@code days} at {@code start} local time and
 * stays open for {@code duration} (at most 7 days, so it may cross midnight and the week boundary).
 * {@code timeZone} null means the device's zone, or the tenant's when the device's is unknown.
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, @JsonFormat(shape = STRING) Duration duration, String timeZone) {

    public WeeklyWindow {
        // Monday-first order, so stored and exported documents read the same way every time.
        days = days == null || days.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(days));
    }
}
