package dev.ringmaster.web.vendor;

import dev.ringmaster.rehearsal.RehearsalComparison;
import dev.ringmaster.rehearsal.RehearsalResult;
import dev.ringmaster.web.chart.BarChart;

import java.time.Duration;
import java.util.List;

/**
 * Two rehearsals side by side as the comparison page shows them: the API's ISO durations as durations, and the blast
 * radius of both as one bar chart.
 */
public record RehearsalComparisonView(Side a, Side b, List<Row> rings, BarChart blastRadius) {

    /** A, then B, for rows whose two cells read alike. */
    public List<Side> sides() {
        return List.of(a, b);
    }

    public record Side(String id, RehearsalResult.Summary summary, Duration timeToHalt, Duration timeToComplete) {
    }

    /** @param a null when that plan has no ring at this position; likewise {@code b} */
    public record Row(int position, Ring a, Ring b) {
        /** A, then B (either may be null), for the page's two cells. */
        public List<Ring> sides() {
            return java.util.Arrays.asList(a, b);
        }
    }

    public record Ring(String name, String state, int devices, List<Step> steps) {
    }

    public record Step(String cause, Duration sinceStart, String reason) {
    }

    public static RehearsalComparisonView of(RehearsalComparison comparison) {
        List<Row> rows = comparison.rings().stream()
                .map(row -> new Row(row.position(), ring(row.a()), ring(row.b()))).toList();
        Side a = side(comparison.a());
        Side b = side(comparison.b());
        BarChart chart = BarChart.of("Devices offered outside ring 0 (blast radius)", List.of(
                new BarChart.Entry("A: " + a.summary().plan(), a.summary().blastRadius().devices()),
                new BarChart.Entry("B: " + b.summary().plan(), b.summary().blastRadius().devices())), 480);
        return new RehearsalComparisonView(a, b, rows, chart);
    }

    private static Side side(RehearsalComparison.Side side) {
        RehearsalResult.Summary summary = side.summary();
        return new Side(side.id().toString(), summary, duration(summary.timeToHalt()), duration(summary.timeToComplete()));
    }

    private static Ring ring(RehearsalComparison.RingSide ring) {
        if (ring == null) {
            return null;
        }
        return new Ring(ring.name(), ring.state(), ring.devices(), ring.transitions().stream()
                .map(step -> new Step(step.cause(), duration(step.sinceStart()), step.reason())).toList());
    }

    private static Duration duration(String iso) {
        return iso == null ? null : Duration.parse(iso);
    }
}
