package dev.ringmaster.schedule.store;

import dev.ringmaster.schedule.RingOpening;
import dev.ringmaster.schedule.RingSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutSchedulesTest {

    private static final Instant NOW = Instant.parse("2027-01-10T00:00:00Z");
    private static final List<Duration> SOAKS = List.of(Duration.ofHours(24), Duration.ofHours(72), Duration.ZERO);
    private static final List<Boolean> AUTOMATIC = List.of(false, false, false);

    @Test
    void pendingRingsOfARunningRolloutAreForecastFromSoaksNeverBeforeNow() {
        RingSchedule schedule = RolloutSchedules.schedule("running", null,
                Map.of(0, Instant.parse("2027-01-09T12:00:00Z")), SOAKS, AUTOMATIC, NOW);
        assertThat(schedule.opening(0)).contains(RingOpening.opened(Instant.parse("2027-01-09T12:00:00Z")));
        assertThat(schedule.opening(1)).contains(RingOpening.forecastFor(Instant.parse("2027-01-10T12:00:00Z")));
        assertThat(schedule.opening(2)).contains(RingOpening.forecastFor(Instant.parse("2027-01-13T12:00:00Z")));

        RingSchedule late = RolloutSchedules.schedule("running", null, Map.of(0, Instant.parse("2027-01-01T00:00:00Z")),
                SOAKS, AUTOMATIC, NOW);
        assertThat(late.opening(1)).contains(RingOpening.forecastFor(NOW));
    }

    @Test
    void manualApprovalPausedAndHaltedRolloutsForecastNothing() {
        Map<Integer, Instant> opened = Map.of(0, Instant.parse("2027-01-09T12:00:00Z"));
        RingSchedule manual = RolloutSchedules.schedule("running", null, opened, SOAKS, List.of(false, true, false), NOW);
        assertThat(manual.opening(1)).isEmpty();
        assertThat(manual.opening(2)).isEmpty();
        RingSchedule paused = RolloutSchedules.schedule("paused", null, opened, SOAKS, AUTOMATIC, NOW);
        assertThat(paused.opening(0)).isPresent();
        assertThat(paused.opening(1)).isEmpty();
        assertThat(RolloutSchedules.schedule("halted", null, opened, SOAKS, AUTOMATIC, NOW).openings()).isEmpty();
        RingSchedule scheduled = RolloutSchedules.schedule("scheduled", Instant.parse("2027-01-12T00:00:00Z"), Map.of(),
                SOAKS, AUTOMATIC, NOW);
        assertThat(scheduled.opening(0)).contains(RingOpening.forecastFor(Instant.parse("2027-01-12T00:00:00Z")));
    }
}
