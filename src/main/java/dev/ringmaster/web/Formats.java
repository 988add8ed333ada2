package dev.ringmaster.web;

import io.quarkus.qute.TemplateExtension;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * How the console writes times and durations for people: instants to the minute with their zone named, so no
 * reader guesses it, and durations in words ("48 hours", "3 days") where the API keeps ISO-8601 ({@code PT48H}).
 */
@TemplateExtension
public class Formats {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Below this, whole days still read as hours ("48 hours"), the way deferrals and soaks are usually spoken of. */
    private static final Duration DAYS_FROM = Duration.ofDays(3);

    static String utc(Instant instant) {
        return MINUTES.format(instant.atZone(ZoneOffset.UTC)) + " UTC";
    }

    /** The instant in {@code zone}, the zone named: "2026-12-06 14:00 Europe/Berlin". An unknown zone falls back to UTC. */
    public static String inZone(Instant instant, String zone) {
        ZoneId id = zoneOrUtc(zone);
        String name = id.equals(ZoneOffset.UTC) ? "UTC" : id.getId();
        return MINUTES.format(instant.atZone(id)) + " " + name;
    }

    /** A duration in words: "30 minutes", "1 hour", "48 hours", "3 days", "3 days 6 hours"; seconds only when under a minute. */
    public static String human(Duration duration) {
        if (duration.isNegative()) {
            return "minus " + human(duration.negated());
        }
        if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
            return count(duration.toSeconds(), "second");
        }
        List<String> parts = new ArrayList<>();
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        if (duration.compareTo(DAYS_FROM) >= 0) {
            parts.add(count(days, "day"));
        } else {
            hours = duration.toHours();
        }
        if (hours > 0) {
            parts.add(count(hours, "hour"));
        }
        // Minutes only matter next to hours, not next to days: "3 days 6 hours" is what a person wants to read.
        if (duration.toMinutesPart() > 0 && parts.size() < 2 && duration.compareTo(DAYS_FROM) < 0) {
            parts.add(count(duration.toMinutesPart(), "minute"));
        }
        return String.join(" ", parts);
    }

    private static ZoneId zoneOrUtc(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static String count(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
