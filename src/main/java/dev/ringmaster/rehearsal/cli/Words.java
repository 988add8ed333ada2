package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.web.Formats;

import java.time.Duration;
import java.time.Instant;

/** The API's ISO instants and durations as the console writes them for people ("1 hour 15 minutes"). */
final class Words {

    private Words() {
    }

    /** "1 hour 15 minutes" for "PT1H15M"; "-" for none. */
    static String duration(JsonNode iso) {
        return iso == null || iso.isNull() || iso.isMissingNode() ? "-" : Formats.human(Duration.parse(iso.asText()));
    }

    /** "2026-12-07 09:15 UTC"; "-" for none. */
    static String instant(JsonNode iso) {
        return iso == null || iso.isNull() || iso.isMissingNode() ? "-" : Formats.inZone(Instant.parse(iso.asText()), "UTC");
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
