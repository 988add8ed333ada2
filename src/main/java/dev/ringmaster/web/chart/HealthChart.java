package dev.ringmaster.web.chart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A ring's health over time as SVG polylines: succeeded, failed and silent devices, each a series of points
 * scaled to the largest count, and a mark per sample whose text label gives its time and counts (read by screen
 * readers and shown on hover, so each point can be read without guessing from the line). Plain Java, no framework types.
 */
public record HealthChart(String succeeded, String failed, String silent, int width, int height, long max, Instant from, Instant to,
                          List<Mark> marks) {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A sample's point on the succeeded line, with its label. */
    public record Mark(long x, long y, String label) {
    }

    static final int PAD = 4;

    public record Sample(Instant at, long succeeded, long failed, long silent) {
    }

    public static HealthChart of(List<Sample> samples, int width, int height) {
        if (samples.isEmpty()) {
            return new HealthChart("", "", "", width, height, 0, null, null, List.of());
        }
        long max = Math.max(1, samples.stream().mapToLong(s -> Math.max(s.succeeded(), Math.max(s.failed(), s.silent()))).max().orElse(1));
        long start = samples.getFirst().at().toEpochMilli();
        long span = Math.max(1, samples.getLast().at().toEpochMilli() - start);
        StringBuilder ok = new StringBuilder();
        StringBuilder bad = new StringBuilder();
        StringBuilder quiet = new StringBuilder();
        List<Mark> marks = new ArrayList<>();
        for (Sample sample : samples) {
            long x = PAD + Math.round((double) (sample.at().toEpochMilli() - start) * (width - 2 * PAD) / span);
            point(ok, x, y(sample.succeeded(), max, height));
            point(bad, x, y(sample.failed(), max, height));
            point(quiet, x, y(sample.silent(), max, height));
            marks.add(new Mark(x, y(sample.succeeded(), max, height), MINUTES.format(sample.at()) + ": " + sample.succeeded()
                    + " succeeded, " + sample.failed() + " failed, " + sample.silent() + " silent"));
        }
        return new HealthChart(ok.toString().strip(), bad.toString().strip(), quiet.toString().strip(), width, height, max,
                samples.getFirst().at(), samples.getLast().at(), List.copyOf(marks));
    }

    public boolean isEmpty() {
        return max == 0;
    }

    private static long y(long value, long max, int height) {
        return height - PAD - Math.round((double) value * (height - 2 * PAD) / max);
    }

    private static void point(StringBuilder points, long x, long y) {
        points.append(x).append(',').append(y).append(' ');
    }
}
