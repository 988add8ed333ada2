package dev.ringmaster.web.vendor;

import dev.ringmaster.rehearsal.RehearsalResult;
import dev.ringmaster.web.chart.BarChart;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rehearsal's result laid out for the result page: the API's ISO durations as durations (the page writes them for
 * people), the hourly timeline as rows with one cell per ring in plan order, and the offers per hour as a bar chart.
 */
public record RehearsalView(RehearsalResult.Summary summary, Duration timeToHalt, Duration timeToComplete,
                            List<String> rings, List<HourRow> hours, List<ChangeRow> transitions,
                            List<RehearsalResult.RingEnd> ringEnds, List<Waiting> waiting, BarChart offersPerHour,
                            List<QuarantineRow> quarantines, List<CoverageRow> coverageWaits) {

    /** Whether the plan judged cohorts: the page then shows quarantines, coverage waits and the hours' cohort events. */
    public boolean judgesCohorts() {
        return !summary.cohortKeys().isEmpty();
    }

    public record QuarantineRow(RehearsalResult.Quarantine quarantine, Duration after) {
    }

    /** @param waited null while the ring still waited at the end */
    public record CoverageRow(RehearsalResult.CoverageWait spell, Duration after, Duration waited) {
    }

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** @param cells one per ring, in plan order; null where the ring had nothing that hour */
    public record HourRow(RehearsalResult.Hour hour, List<RehearsalResult.Counts> cells) {
    }

    public record ChangeRow(RehearsalResult.Change change, Duration sinceStart) {
    }

    /** @param reasons "12 before-window", … */
    public record Waiting(String tenant, List<String> reasons) {
    }

    public static RehearsalView of(RehearsalResult result) {
        List<String> rings = result.rings().stream().map(RehearsalResult.RingEnd::name).toList();
        List<HourRow> hours = new ArrayList<>();
        List<BarChart.Entry> offers = new ArrayList<>();
        for (RehearsalResult.Hour hour : result.timeline()) {
            hours.add(new HourRow(hour, rings.stream().map(ring -> hour.byRing().get(ring)).toList()));
            long offered = hour.byRing().values().stream().mapToLong(RehearsalResult.Counts::offered).sum();
            offers.add(new BarChart.Entry("hour " + hour.hour() + " (" + HOUR.format(hour.at()) + ")", offered));
        }
        List<ChangeRow> transitions = result.transitions().stream()
                .map(change -> new ChangeRow(change, duration(change.sinceStart()))).toList();
        List<Waiting> waiting = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> tenant : result.waiting().entrySet()) {
            waiting.add(new Waiting(tenant.getKey(), tenant.getValue().entrySet().stream()
                    .map(reason -> reason.getValue() + " " + reason.getKey()).toList()));
        }
        return new RehearsalView(result.summary(), duration(result.summary().timeToHalt()),
                duration(result.summary().timeToComplete()), rings, hours, transitions, result.rings(), waiting,
                BarChart.of("Devices offered the release, per virtual hour", offers, 640),
                result.summary().quarantines().stream()
                        .map(quarantine -> new QuarantineRow(quarantine, duration(quarantine.sinceStart()))).toList(),
                result.summary().coverageWaits().stream()
                        .map(wait -> new CoverageRow(wait, duration(wait.sinceStart()), duration(wait.waited()))).toList());
    }

    private static Duration duration(String iso) {
        return iso == null ? null : Duration.parse(iso);
    }
}
