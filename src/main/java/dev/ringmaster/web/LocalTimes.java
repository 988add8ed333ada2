package dev.ringmaster.web;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times in the reader's zone, to the minute, with the zone named after them ({@code 2026-12-06 14:05
 * Europe/Berlin}), so a reader never has to guess which zone a time is in. Templates write
 * {@code {instant.in(zone)}}.
 */
@TemplateExtension
public class LocalTimes {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    static String in(Instant instant, ZoneId zone) {
        return MINUTES.format(instant.atZone(zone)) + " " + zone.getId();
    }
}
