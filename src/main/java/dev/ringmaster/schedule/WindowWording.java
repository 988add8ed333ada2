package dev.ringmaster.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * Words for the explain chain. Fixed to English and ISO instants so that the same plan always reads the same,
 * whatever the server's locale; translating is the console's business.
 */
final class WindowWording {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);

    private WindowWording() {
    }

    /** "48h", "90m", or ISO-8601 for anything finer. */
    static String duration(Duration duration) {
        if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
            return duration.toMinutesPart() == 0 ? duration.toHours() + "h" : duration.toMinutes() + "m";
        }
        return duration.toString();
    }

    /**
     * "Fri 2027-03-05 02:00–04:00 Europe/Berlin", or "... 02:00 Europe/Berlin onwards" when it never closes. On a
     * day the zone changes its offset, and at a local time that occurs twice, the times carry their offset
     * ("Sun 2026-10-25 02:00 +02:00 – 02:00 +01:00 Europe/Berlin"): without it a window over the autumn change reads
     * as if it lasted no time at all.
     */
    static String range(TimeRange range, ZoneId zone) {
        ZonedDateTime start = range.start().atZone(zone);
        boolean withOffsets = offsetMatters(start);
        ZonedDateTime end = range.isOpenEnded() ? null : range.end().atZone(zone);
        if (end != null) {
            withOffsets |= offsetMatters(end);
        }
        String opens = day(start) + " " + clock(start, withOffsets);
        if (end == null) {
            return opens + " " + zone.getId() + " onwards";
        }
        String closes = end.toLocalDate().equals(start.toLocalDate())
                ? clock(end, withOffsets)
                : day(end) + " " + clock(end, withOffsets);
        return opens + (withOffsets ? " – " : "–") + closes + " " + zone.getId();
    }

    private static String day(ZonedDateTime time) {
        return time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + DATE.format(time);
    }

    private static String clock(ZonedDateTime time, boolean withOffset) {
        return withOffset ? CLOCK.format(time) + " " + OFFSET.format(time) : CLOCK.format(time);
    }

    /** The local time occurs twice (fall-back overlap), or its date has an offset change in it. */
    static boolean offsetMatters(ZonedDateTime time) {
        ZoneRules rules = time.getZone().getRules();
        if (rules.getValidOffsets(time.toLocalDateTime()).size() != 1) {
            return true;
        }
        ZonedDateTime dayStart = time.toLocalDate().atStartOfDay(time.getZone());
        ZoneOffsetTransition next = rules.nextTransition(dayStart.toInstant().minusNanos(1));
        return next != null && next.getInstant().isBefore(dayStart.plusDays(1).toInstant());
    }
}
