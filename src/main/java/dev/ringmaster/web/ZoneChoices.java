package dev.ringmaster.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

/**
 * The IANA time zones a console field offers ({@code inject:zoneChoices}): the Region/City ids of the JDK's
 * zone rules, plus UTC, sorted. Fixed offsets are left out on purpose: an offset does not follow daylight
 * saving, so a window or freeze given one drifts by an hour twice a year. Templates draw the list once per
 * page with {@code console/zone-list}; each zone field names its id in {@code list} (see PolicyPages/window.html).
 */
@Named("zoneChoices")
@ApplicationScoped
public class ZoneChoices {

    /** The id of the page's one {@code <datalist>}; every zone field names it. */
    public static final String LIST_ID = "iana-zones";

    private static final List<String> IDS = Stream.concat(Stream.of("UTC"),
            ZoneId.getAvailableZoneIds().stream().filter(zone -> zone.contains("/") && !zone.startsWith("Etc/")).sorted()).toList();

    public List<String> ids() {
        return IDS;
    }

    public String listId() {
        return LIST_ID;
    }
}
