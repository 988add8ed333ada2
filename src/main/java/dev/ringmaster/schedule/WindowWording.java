package dev.ringmaster.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Words for the explain chain. Fixed to English and ISO instants so that the same plan always reads the same,
 * whatever the server's locale; translating is the console's business.
 */
final class WindowWording {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private WindowWording() {
    }

    /** "48h", "90m", or ISO-8601 for anything finer. */
    static String duration(Duration duration) {
        if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0) {
            return duration.toMinutesPart() == 0 ? duration.toHours() + "h" : duration.toMinutes() + "m";
        }
        return duration.toString();
    }

    /** "Fri 2027-03-05 02:00–04:00 Europe/Berlin", or "... 02:00 Europe/Berlin onwards" when it never closes. */
    static String range(TimeRange range, ZoneId zone) {
        ZonedDateTime start = range.start().atZone(zone);
        String opens = start.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
                + DATE.format(start) + " " + CLOCK.format(start);
        if (range.isOpenEnded()) {
            return opens + " " + zone.getId() + " onwards";
        }
        ZonedDateTime end = range.end().atZone(zone);
        String closes = end.toLocalDate().equals(start.toLocalDate())
                ? CLOCK.format(end)
                : end.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + DATE.format(end) + " "
                        + CLOCK.format(end);
        return opens + "–" + closes + " " + zone.getId();
    }
}
