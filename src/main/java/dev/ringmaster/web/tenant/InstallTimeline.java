package dev.ringmaster.web.tenant;

import dev.ringmaster.device.feedback.DeviceHistory;
import dev.ringmaster.device.feedback.EventKind;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device's history read as one timeline per release: each install from its offer through download and install
 * to its result, silence or cancellation, oldest step first, the latest install first. Times are written in
 * the reader's zone, which is named. Plain Java, no framework types.
 */
public record InstallTimeline(List<Install> installs, String zone) {

    /** To the second: the steps of one install often fall within a minute. */
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One release on this device: its steps in order and how it ended (or that it is still going). */
    public record Install(String release, List<Step> steps, String outcome, String outcomeKind) {
    }

    /** {@code kind} is the event's code, for the page's marks; {@code label} says it for people. */
    public record Step(String kind, String label, String detail, String at) {
    }

    public static InstallTimeline of(List<DeviceHistory.Entry> newestFirst, ZoneId zone) {
        Map<Object, List<DeviceHistory.Entry>> byRelease = new LinkedHashMap<>();
        for (DeviceHistory.Entry entry : newestFirst) {
            // Events of no release (a note about nothing offered) form their own line.
            byRelease.computeIfAbsent(Objects.requireNonNullElse((Object) entry.releaseId(), "none"), key -> new ArrayList<>()).add(entry);
        }
        List<Install> installs = new ArrayList<>();
        for (List<DeviceHistory.Entry> entries : byRelease.values()) {
            List<DeviceHistory.Entry> oldestFirst = entries.stream()
                    .sorted(Comparator.comparing(DeviceHistory.Entry::occurredAt).thenComparing(DeviceHistory.Entry::id)).toList();
            DeviceHistory.Entry first = oldestFirst.getFirst();
            String release = first.product() == null ? "No release" : first.product() + " " + first.version();
            List<Step> steps = oldestFirst.stream().map(entry -> new Step(entry.kind().code(), label(entry),
                    entry.detail() == null ? "" : entry.detail(), format(entry.occurredAt(), zone))).toList();
            DeviceHistory.Entry last = oldestFirst.stream().filter(entry -> entry.kind().movesAction())
                    .reduce((a, b) -> b).orElse(oldestFirst.getLast());
            installs.add(new Install(release, steps, outcome(last.kind()), last.kind().code()));
        }
        return new InstallTimeline(List.copyOf(installs), zone.getId());
    }

    public boolean isEmpty() {
        return installs.isEmpty();
    }

    private static String label(DeviceHistory.Entry entry) {
        return switch (entry.kind()) {
            case OFFERED -> "Offered";
            case DOWNLOADING -> entry.progress() == null ? "Downloading" : "Downloading (" + entry.progress() + " %)";
            case DOWNLOADED -> "Downloaded";
            case INSTALLING -> entry.progress() == null ? "Installing" : "Installing (" + entry.progress() + " %)";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            case SILENT -> "Went silent: counted as a failure";
            case REJECTED -> "Declined by the device (a warning)";
            case NOTE -> "Note";
        };
    }

    private static String outcome(EventKind last) {
        return switch (last) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case SILENT -> "silent (counted as failed)";
            default -> "in progress";
        };
    }

    private static String format(Instant at, ZoneId zone) {
        return SECONDS.format(at.atZone(zone)) + " " + zone.getId();
    }
}
