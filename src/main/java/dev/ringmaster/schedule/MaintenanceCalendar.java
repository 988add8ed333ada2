package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.WeeklyWindow;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a device may install, given its tenant's weekly maintenance windows and freezes (DESIGN.md, "The merge",
 * point 5). Pure: the same windows, freezes and instants always give the same answer.
 *
 * <p>Rules:
 * <ul>
 *   <li>An occurrence opens on each listed day at the local start time in the window's zone and lasts the
 *       window's duration in real time. A start in a spring-forward gap moves forward by the gap's length; a start
 *       in a fall-back overlap uses the earlier offset (see {@link ZonedWindow#occurrenceOn}).</li>
 *   <li>Occurrences are half-open {@code [opens, opens + duration)}; occurrences of any windows that overlap or
 *       touch count as one range.</li>
 *   <li>A freeze {@code [from, to)} removes time. A range partly frozen keeps only its first unfrozen part; a range
 *       wholly frozen is skipped.</li>
 *   <li>Windows that together never close (Monday 00:00 for 7 days) are joined only up to the search horizon, so
 *       the range ends with the occurrence crossing it rather than never; asking again from there continues.</li>
 *   <li>No windows at all means always open: the answer is the first unfrozen instant at or after the earliest
 *       start, open-ended unless a later freeze begins, in which case it ends where that freeze starts.</li>
 *   <li>A window listing no days never opens. With only such windows the device never gets a range: a tenant that
 *       configured windows asked to restrict installs, so the calendar does not fall back to "always".</li>
 * </ul>
 */
public final class MaintenanceCalendar {

    private final List<ZonedWindow> windows;
    private final FrozenPeriods freezes;

    /**
     * @param zoneWhenUnset zone for windows that name none: the device's zone if known, else the tenant's
     */
    public MaintenanceCalendar(List<WeeklyWindow> windows, List<Freeze> freezes, ZoneId zoneWhenUnset) {
        Objects.requireNonNull(zoneWhenUnset, "zoneWhenUnset");
        this.windows = windows.stream().map(window -> ZonedWindow.of(window, zoneWhenUnset)).toList();
        this.freezes = new FrozenPeriods(freezes);
    }

    /**
     * The first range a device may install in: it starts no earlier than {@code earliestStart}, lies inside one
     * (merged) window occurrence and touches no freeze. Empty when no such range starts before {@code horizon},
     * which bounds the search when freezes or windows leave nothing. Windows that leave no gap between them are
     * joined only up to {@code horizon}: the range then ends with the occurrence that crosses it.
     */
    public Optional<TimeRange> firstWindow(Instant earliestStart, Instant horizon) {
        Objects.requireNonNull(earliestStart, "earliestStart");
        Objects.requireNonNull(horizon, "horizon");
        Iterator<TimeRange> candidates = openRangesFrom(earliestStart, horizon);
        while (candidates.hasNext()) {
            TimeRange candidate = candidates.next();
            if (candidate.end() != null && !candidate.end().isAfter(earliestStart)) {
                continue;
            }
            Instant start = freezes.firstUnfrozenAtOrAfter(later(candidate.start(), earliestStart));
            if (!start.isBefore(horizon)) {
                // Later candidates start later still, and freezes only push their starts further out.
                return Optional.empty();
            }
            if (candidate.end() != null && !start.isBefore(candidate.end())) {
                continue; // wholly frozen: the next occurrence gets its chance
            }
            Instant end = freezes.nextStartAfter(start)
                    .filter(freezeStart -> candidate.end() == null || freezeStart.isBefore(candidate.end()))
                    .orElse(candidate.end());
            return Optional.of(new TimeRange(start, end));
        }
        return Optional.empty();
    }

    /** Whether {@code instant} lies inside some window occurrence and outside every freeze. */
    public boolean isOpen(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (freezes.isFrozen(instant)) {
            return false;
        }
        return windows.isEmpty() || windows.stream().anyMatch(window -> window.covers(instant));
    }

    private Iterator<TimeRange> openRangesFrom(Instant earliestStart, Instant horizon) {
        if (windows.isEmpty()) {
            return List.of(TimeRange.openEnded(earliestStart)).iterator();
        }
        return new CoalescedOccurrences(windows, earliestStart, horizon);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
