package dev.ringmaster.policy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * An absolute period in which nothing installs, e.g. a year-end freeze. {@code timeZone} is the IANA zone the
 * tenant named it in (such as {@code Europe/Berlin}); {@code from} and {@code to} are then written with that
 * zone's offset at each instant, so a freeze reads back in the zone it was set in, not as a bare {@code +01:00}.
 * Freezes stored before zones were taken have none and keep their offsets.
 */
public record Freeze(OffsetDateTime from, OffsetDateTime to, String timeZone, String reason) {

    public Freeze {
        // An unknown zone is left as it came: PolicyRules names it in the answer rather than it failing here.
        Optional<ZoneId> zone = region(timeZone);
        if (zone.isPresent()) {
            from = from == null ? null : from.atZoneSameInstant(zone.get()).toOffsetDateTime();
            to = to == null ? null : to.atZoneSameInstant(zone.get()).toOffsetDateTime();
        }
    }

    /** A freeze without a named zone, given by offsets only (the form stored before zones were taken). */
    public Freeze(OffsetDateTime from, OffsetDateTime to, String reason) {
        this(from, to, null, reason);
    }

    /** The zone to show the freeze in: its named zone, or else the offset it was given with. */
    public ZoneId shownIn() {
        return region(timeZone).map(ZoneId.class::cast).orElseGet(() -> from == null ? ZoneOffset.UTC : from.getOffset());
    }

    /** A region id such as {@code Europe/Berlin} or {@code UTC}; a fixed offset such as {@code +01:00} is none. */
    public static Optional<ZoneId> region(String zone) {
        if (zone == null || zone.isBlank() || zone.length() > 64) {
            return Optional.empty();
        }
        try {
            ZoneId id = ZoneId.of(zone);
            return id instanceof ZoneOffset ? Optional.empty() : Optional.of(id);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
