package dev.ringmaster.schedule;

import dev.ringmaster.policy.WeeklyWindow;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/** A weekly window whose zone has been decided, so each of its occurrences is a fixed {@link TimeRange}. */
record ZonedWindow(Set<DayOfWeek> days, LocalTime start, Duration duration, ZoneId zone) {

    static final Duration LONGEST = Duration.ofDays(7);

    /**
     * An occurrence may still be open this many days after the local date it opened on: the duration is at most
     * seven days, plus one day of slack for offset changes around the opening time.
     */
    private static final int DAYS_AN_OCCURRENCE_MAY_SPAN = 8;

    ZonedWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(zone, "zone");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a maintenance window lasts more than zero and at most 7 days: "
                    + duration);
        }
        days = Set.copyOf(days);
    }

    static ZonedWindow of(WeeklyWindow window, ZoneId zoneWhenUnset) {
        ZoneId zone = window.timeZone() == null ? zoneWhenUnset : ZoneId.of(window.timeZone());
        return new ZonedWindow(window.days(), window.start(), window.duration(), zone);
    }

    /**
     * The occurrence opening on {@code date}. ZonedDateTime.of settles the two DST edge cases the way a person
     * would read the policy: a start inside a spring-forward gap moves forward by the gap's length (02:30 in a
     * 02:00-03:00 gap opens at 03:30), and a start inside a fall-back overlap uses the earlier offset (the first
     * 01:30). The duration is absolute, so a 4-hour window across a DST change is 4 real hours.
     */
    TimeRange occurrenceOn(LocalDate date) {
        Instant opens = ZonedDateTime.of(date, start, zone).toInstant();
        return new TimeRange(opens, opens.plus(duration));
    }

    boolean covers(Instant instant) {
        if (days.isEmpty()) {
            return false;
        }
        LocalDate localDate = LocalDate.ofInstant(instant, zone);
        // One day past the local date too: a fall-back at midnight can put an opening instant on the next date.
        for (LocalDate date = localDate.minusDays(DAYS_AN_OCCURRENCE_MAY_SPAN); !date.isAfter(localDate.plusDays(1));
                date = date.plusDays(1)) {
            if (days.contains(date.getDayOfWeek()) && occurrenceOn(date).contains(instant)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Occurrences in opening order, starting far enough back (over a week) to include every one still open at
     * {@code instant}; earlier ones that have closed come too and are for the caller to skip.
     * <p>Opening instants never go backwards from one date to the next because no zone in use today moves its clock
     * back by a whole day.
     */
    Iterator<TimeRange> occurrencesFromAWeekBefore(Instant instant) {
        LocalDate first = LocalDate.ofInstant(instant, zone).minusDays(DAYS_AN_OCCURRENCE_MAY_SPAN);
        return new Iterator<>() {
            private LocalDate next = days.isEmpty() ? null : firstListedDayFrom(first);

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public TimeRange next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                TimeRange occurrence = occurrenceOn(next);
                next = firstListedDayFrom(next.plusDays(1));
                return occurrence;
            }
        };
    }

    private LocalDate firstListedDayFrom(LocalDate date) {
        LocalDate candidate = date;
        while (!days.contains(candidate.getDayOfWeek())) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }
}
