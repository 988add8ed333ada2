package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The tenant's freezes as half-open instant ranges {@code [from, to)}, ordered by start. */
final class FrozenPeriods {

    private final List<TimeRange> periods;

    FrozenPeriods(List<Freeze> freezes) {
        this.periods = freezes.stream()
                // A freeze that does not end after it starts removes no time; it is dropped rather than rejected
                // because rejecting it here would make a stored policy unschedulable.
                .filter(freeze -> freeze.from().isBefore(freeze.to()))
                .map(freeze -> new TimeRange(freeze.from().toInstant(), freeze.to().toInstant()))
                .sorted(Comparator.comparing(TimeRange::start))
                .toList();
    }

    boolean isFrozen(Instant instant) {
        return periods.stream().anyMatch(period -> period.contains(instant));
    }

    /** The first instant at or after {@code instant} that no freeze covers; freezes that touch chain together. */
    Instant firstUnfrozenAtOrAfter(Instant instant) {
        Instant candidate = instant;
        for (TimeRange period : periods) {
            if (period.start().isAfter(candidate)) {
                break; // ordered by start, so no later freeze can cover the candidate either
            }
            if (period.contains(candidate)) {
                candidate = period.end();
            }
        }
        return candidate;
    }

    /** Where the first freeze starting strictly after {@code instant} begins, if any does. */
    Optional<Instant> nextStartAfter(Instant instant) {
        return periods.stream().map(TimeRange::start).filter(start -> start.isAfter(instant)).findFirst();
    }
}
