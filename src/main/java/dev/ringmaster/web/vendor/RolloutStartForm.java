package dev.ringmaster.web.vendor;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The release page's "start a rollout" form as text: a plan, and either "now" or a local date-time in a named
 * zone. Only reads the form; whether the release may get a rollout, the plan exists and the time is not past is
 * for the rollout service, as for the API. Plain Java.
 *
 * @param when "now" or "at"
 * @param at   a {@code datetime-local} value, {@code 2026-12-24T09:30}
 * @param zone an IANA zone id
 */
public record RolloutStartForm(String plan, String when, String at, String zone) {

    /** @param startAt null when the rollout starts now */
    public record Parsed(String plan, Instant startAt, List<String> errors) {
    }

    public Parsed parse() {
        String chosenPlan = plan == null || plan.isBlank() ? null : plan.strip();
        if (!"at".equals(when)) {
            return new Parsed(chosenPlan, null, List.of());
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null ? "" : zone.strip());
        } catch (DateTimeException e) {
            return new Parsed(chosenPlan, null, List.of("zone: an IANA time zone such as Europe/Berlin or UTC"));
        }
        try {
            // A time that falls in a DST gap moves forward by the gap, as the zone rules say.
            return new Parsed(chosenPlan, LocalDateTime.parse(at == null ? "" : at.strip()).atZone(zoneId).toInstant(), List.of());
        } catch (DateTimeParseException e) {
            return new Parsed(chosenPlan, null, List.of("start time: a date and time such as 2026-12-24T09:30"));
        }
    }
}
