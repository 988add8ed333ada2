package dev.ringmaster.web.chart;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each sample of a health chart is a point with a text label, at the left and right edges for the first and last. */
class HealthChartTest {

    @Test
    void everySampleIsAPointWithItsTimeAndCounts() {
        Instant start = Instant.parse("2026-12-06T04:00:00Z");
        HealthChart chart = HealthChart.of(List.of(new HealthChart.Sample(start, 0, 0, 0),
                new HealthChart.Sample(start.plusSeconds(3600), 8, 1, 2)), 320, 120);

        assertThat(chart.marks()).extracting(HealthChart.Mark::label).containsExactly(
                "2026-12-06 04:00 UTC: 0 succeeded, 0 failed, 0 silent",
                "2026-12-06 05:00 UTC: 8 succeeded, 1 failed, 2 silent");
        assertThat(chart.marks()).extracting(HealthChart.Mark::x).containsExactly(4L, 316L);
        assertThat(chart.marks()).extracting(HealthChart.Mark::y).containsExactly(116L, 4L);
    }

    @Test
    void noSamplesNoMarks() {
        assertThat(HealthChart.of(List.of(), 320, 120).marks()).isEmpty();
    }
}
