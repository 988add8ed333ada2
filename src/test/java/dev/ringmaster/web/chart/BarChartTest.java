package dev.ringmaster.web.chart;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BarChartTest {

    @Test
    void barsAreProportionalAndASmallCountStaysVisible() {
        BarChart chart = BarChart.of("versions", List.of(new BarChart.Entry("4.1.2", 1000), new BarChart.Entry("4.0.9", 1),
                new BarChart.Entry("none", 0)), 400);
        int span = 400 - BarChart.LABEL_WIDTH - BarChart.COUNT_WIDTH;
        assertThat(chart.bars()).extracting(BarChart.Bar::w).containsExactly(span, 2, 0);
        assertThat(chart.bars()).extracting(BarChart.Bar::y).isSorted().doesNotHaveDuplicates();
        assertThat(chart.total()).isEqualTo(1001);
    }

    @Test
    void anEmptyChartHasNoBars() {
        assertThat(BarChart.of("none", List.of(), 400).isEmpty()).isTrue();
    }

    @Test
    void timelineColumnsStandOnOneBaselineAndScaleToTheBusiestDay() {
        Timeline timeline = Timeline.of(List.of(new Timeline.Day(LocalDate.of(2026, 11, 24), 10, false),
                new Timeline.Day(LocalDate.of(2026, 11, 25), 5, true)), 200);
        assertThat(timeline.columns()).allSatisfy(column -> assertThat(column.y() + column.h()).isEqualTo(timeline.baseline()));
        assertThat(timeline.columns().get(0).h()).isEqualTo(2 * timeline.columns().get(1).h());
        assertThat(timeline.columns().get(1).forecast()).isTrue();
        assertThat(timeline.columns().get(0).dayLabel()).isEqualTo("Tue 24");
    }

    @Test
    void healthLinesSpanTheChartAndScaleToTheLargestCount() {
        java.time.Instant start = java.time.Instant.parse("2026-11-24T10:00:00Z");
        HealthChart chart = HealthChart.of(List.of(new HealthChart.Sample(start, 0, 0, 0),
                new HealthChart.Sample(start.plusSeconds(3600), 10, 2, 1)), 100, 50);
        assertThat(chart.succeeded()).isEqualTo("4,46 96,4");
        assertThat(chart.failed()).isEqualTo("4,46 96,38");
        assertThat(chart.max()).isEqualTo(10);
        assertThat(HealthChart.of(List.of(), 100, 50).isEmpty()).isTrue();
    }
}
