package dev.ringmaster.web;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: UTC to the minute, labelled, so no reader guesses the zone. */
@TemplateExtension
public class Formats {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static String utc(Instant instant) {
        return MINUTES.format(instant);
    }
}
