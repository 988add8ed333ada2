package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The occurrences of several windows interleaved in opening order, with overlapping or touching occurrences
 * joined, so a device sees one continuous range where the windows leave no gap between them.
 *
 * <p>Joining stops once a range reaches {@code joinUntil}: windows that leave no gap at all (Monday 00:00 for
 * 7 days) would otherwise be joined forever. Such a range ends with the occurrence that crosses
 * {@code joinUntil}; ranges after it may overlap it, which is harmless because callers look no further.
 */
final class CoalescedOccurrences implements Iterator<TimeRange> {

    private record Head(TimeRange occurrence, Iterator<TimeRange> rest) {
    }

    private final PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.comparing((Head head) -> head.occurrence().start())
                    .thenComparing(head -> head.occurrence().end()));

    private final Instant joinUntil;

    CoalescedOccurrences(List<ZonedWindow> windows, Instant from, Instant joinUntil) {
        this.joinUntil = joinUntil;
        for (ZonedWindow window : windows) {
            advance(window.occurrencesFromAWeekBefore(from));
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public TimeRange next() {
        Head first = heads.poll();
        if (first == null) {
            throw new NoSuchElementException();
        }
        advance(first.rest());
        Instant start = first.occurrence().start();
        Instant end = first.occurrence().end();
        while (end.isBefore(joinUntil) && !heads.isEmpty() && !heads.peek().occurrence().start().isAfter(end)) {
            Head joined = heads.poll();
            advance(joined.rest());
            if (joined.occurrence().end().isAfter(end)) {
                end = joined.occurrence().end();
            }
        }
        return new TimeRange(start, end);
    }

    private void advance(Iterator<TimeRange> occurrences) {
        if (occurrences.hasNext()) {
            heads.add(new Head(occurrences.next(), occurrences));
        }
    }
}
