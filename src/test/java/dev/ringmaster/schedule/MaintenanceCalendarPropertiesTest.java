package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.WeeklyWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of {@link MaintenanceCalendar#firstWindow} for random windows, zones, freezes and earliest starts.
 * Occurrences are re-derived here from the policy with ZonedDateTime, so the checks do not only trust the
 * calendar's own {@link MaintenanceCalendar#isOpen}.
 */
class MaintenanceCalendarPropertiesTest {

    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo", "UTC");
    private static final Instant EARLIEST_POSSIBLE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATEST_POSSIBLE = Instant.parse("2028-12-31T23:59:59Z");
    private static final Duration SEARCH = Duration.ofDays(120);
    private static final Duration LONGEST_SAMPLED_SPAN = Duration.ofDays(15);
    private static final int SAMPLES = 64;
    private static final int TRIES = 1000;

    record Scenario(List<WeeklyWindow> windows, ZoneId deviceZone, List<Freeze> freezes, Instant earliestStart) {

        MaintenanceCalendar calendar() {
            return new MaintenanceCalendar(windows, freezes, deviceZone);
        }

        Instant horizon() {
            return earliestStart.plus(SEARCH);
        }

        Optional<TimeRange> firstWindow() {
            return calendar().firstWindow(earliestStart, horizon());
        }

        /** Every occurrence that may touch [from, to), straight from the policy. */
        List<TimeRange> occurrences(Instant from, Instant to) {
            List<TimeRange> occurrences = new ArrayList<>();
            for (WeeklyWindow window : windows) {
                ZoneId zone = window.timeZone() == null ? deviceZone : ZoneId.of(window.timeZone());
                LocalDate last = LocalDate.ofInstant(to, zone).plusDays(1);
                for (LocalDate date = LocalDate.ofInstant(from, zone).minusDays(8); !date.isAfter(last);
                        date = date.plusDays(1)) {
                    if (window.days().contains(date.getDayOfWeek())) {
                        Instant opens = ZonedDateTime.of(date, window.start(), zone).toInstant();
                        occurrences.add(new TimeRange(opens, opens.plus(window.duration())));
                    }
                }
            }
            return occurrences;
        }

        boolean frozen(Instant instant) {
            return freezes.stream().anyMatch(freeze -> !instant.isBefore(freeze.from().toInstant())
                    && instant.isBefore(freeze.to().toInstant()));
        }
    }

    @Property(tries = TRIES)
    void startsNoEarlierThanEarliestStart(@ForAll("scenarios") Scenario scenario) {
        scenario.firstWindow().ifPresent(range -> {
            assertThat(range.start()).isAfterOrEqualTo(scenario.earliestStart());
            assertThat(range.start()).isBefore(scenario.horizon());
        });
    }

    @Property(tries = TRIES)
    void everySampledInstantLiesInsideAnOccurrence(@ForAll("scenarios") Scenario scenario) {
        scenario.firstWindow().ifPresent(range -> {
            TimeRange sampled = sampledPartOf(range);
            List<TimeRange> occurrences = scenario.occurrences(sampled.start(), sampled.end());
            // Coverage can only drop where an occurrence ends, so those instants are checked too.
            List<Instant> samples = Stream.concat(samplesOf(range).stream(),
                            occurrences.stream().map(TimeRange::end).filter(sampled::contains))
                    .toList();
            MaintenanceCalendar calendar = scenario.calendar();
            for (Instant sample : samples) {
                assertThat(calendar.isOpen(sample)).as("open at %s", sample).isTrue();
                assertThat(occurrences).as("an occurrence holds %s", sample)
                        .anyMatch(occurrence -> occurrence.contains(sample));
            }
        });
    }

    @Property(tries = TRIES)
    void noSampledInstantIsFrozen(@ForAll("scenarios") Scenario scenario) {
        scenario.firstWindow().ifPresent(range -> {
            for (Instant sample : samplesOf(range)) {
                assertThat(scenario.frozen(sample)).as("frozen at %s", sample).isFalse();
            }
            for (Freeze freeze : scenario.freezes()) {
                boolean endsBefore = !freeze.to().toInstant().isAfter(range.start());
                boolean startsAfter = range.end() != null && !freeze.from().toInstant().isBefore(range.end());
                assertThat(endsBefore || startsAfter).as("overlaps %s", freeze).isTrue();
            }
        });
    }

    @Property(tries = TRIES)
    void sameInputsGiveTheSameAnswer(@ForAll("scenarios") Scenario scenario) {
        MaintenanceCalendar calendar = scenario.calendar();
        Optional<TimeRange> first = calendar.firstWindow(scenario.earliestStart(), scenario.horizon());

        assertThat(calendar.firstWindow(scenario.earliestStart(), scenario.horizon())).isEqualTo(first);
        assertThat(scenario.firstWindow()).isEqualTo(first);
    }

    @Property(tries = TRIES)
    void nothingOpenBeforeTheReturnedStart(@ForAll("scenarios") Scenario scenario) {
        Instant searchedUntil = scenario.firstWindow().map(TimeRange::start).orElse(scenario.horizon());
        MaintenanceCalendar calendar = scenario.calendar();
        List<Instant> candidates = earlierCandidates(scenario, searchedUntil);
        List<TimeRange> occurrences = scenario.occurrences(scenario.earliestStart(), searchedUntil);
        for (Instant candidate : candidates) {
            assertThat(calendar.isOpen(candidate)).as("open at %s, before %s", candidate, searchedUntil).isFalse();
            boolean inOccurrence = occurrences.stream().anyMatch(occurrence -> occurrence.contains(candidate));
            assertThat(inOccurrence && !scenario.frozen(candidate))
                    .as("re-derived open at %s, before %s", candidate, searchedUntil).isFalse();
        }
    }

    @Property(tries = TRIES)
    void rangeCannotBeWidened(@ForAll("scenarios") Scenario scenario) {
        MaintenanceCalendar calendar = scenario.calendar();
        scenario.firstWindow().ifPresent(range -> {
            assertThat(calendar.isOpen(range.start())).isTrue();
            // Windows that never close are joined only up to the horizon, so only an end before it must be a gap.
            if (range.end() != null && range.end().isBefore(scenario.horizon())) {
                assertThat(calendar.isOpen(range.end())).as("open at the end %s", range.end()).isFalse();
            }
        });
    }

    @Property(tries = TRIES)
    void withoutWindowsTheRangeStartsAtTheFirstUnfrozenInstant(@ForAll("scenariosWithoutWindows") Scenario scenario) {
        Optional<TimeRange> first = scenario.firstWindow();
        Instant unfrozen = scenario.earliestStart();
        while (scenario.frozen(unfrozen)) {
            Instant at = unfrozen;
            unfrozen = scenario.freezes().stream()
                    .filter(freeze -> !at.isBefore(freeze.from().toInstant()) && at.isBefore(freeze.to().toInstant()))
                    .map(freeze -> freeze.to().toInstant())
                    .max(Instant::compareTo).orElseThrow();
        }
        if (unfrozen.isBefore(scenario.horizon())) {
            assertThat(first).map(TimeRange::start).contains(unfrozen);
            Instant expectedEnd = nextFreezeStartAfter(scenario, unfrozen);
            assertThat(first).map(TimeRange::end).isEqualTo(Optional.ofNullable(expectedEnd));
        } else {
            assertThat(first).isEmpty();
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return scenarios(weeklyWindows().list().ofMinSize(1).ofMaxSize(3));
    }

    @Provide
    Arbitrary<Scenario> scenariosWithoutWindows() {
        return scenarios(Arbitraries.just(List.of()));
    }

    private static Arbitrary<Scenario> scenarios(Arbitrary<List<WeeklyWindow>> windows) {
        Arbitrary<Instant> anyInstant = Arbitraries.longs()
                .between(EARLIEST_POSSIBLE.getEpochSecond(), LATEST_POSSIBLE.getEpochSecond())
                .map(Instant::ofEpochSecond);
        // Half the searches begin a few days before a clock change somewhere, so DST edges get exercised.
        Arbitrary<Instant> beforeClockChange = Combinators.combine(anyInstant, zones(),
                        Arbitraries.longs().between(0, Duration.ofDays(3).toSeconds()))
                .as((instant, zone, secondsBefore) -> Optional.ofNullable(zone.getRules().nextTransition(instant))
                        .map(transition -> transition.getInstant().minusSeconds(secondsBefore))
                        .orElse(instant));
        Arbitrary<Instant> earliestStarts = Arbitraries.oneOf(anyInstant, beforeClockChange);
        // Freezes are placed around the earliest start so that they actually interfere with the search.
        Arbitrary<List<FreezeShape>> freezeShapes = Combinators.combine(
                        Arbitraries.longs().between(-Duration.ofDays(10).toSeconds(), Duration.ofDays(40).toSeconds()),
                        Arbitraries.frequencyOf(
                                Tuple.of(9, Arbitraries.longs().between(60, Duration.ofDays(20).toSeconds())),
                                // now and then long enough to freeze the whole search
                                Tuple.of(1, Arbitraries.longs().between(60, Duration.ofDays(200).toSeconds()))))
                .as(FreezeShape::new)
                .list().ofMaxSize(4);
        return Combinators.combine(windows, zones(), freezeShapes, earliestStarts)
                .as((someWindows, deviceZone, shapes, earliestStart) -> new Scenario(someWindows, deviceZone,
                        shapes.stream().map(shape -> shape.around(earliestStart)).toList(), earliestStart));
    }

    private static Arbitrary<WeeklyWindow> weeklyWindows() {
        Arbitrary<Long> minutes = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 240),
                Arbitraries.longs().between(1, Duration.ofDays(7).toMinutes()));
        return Combinators.combine(
                        Arbitraries.subsetOf(DayOfWeek.values()).ofMinSize(1),
                        // Clocks change in the small hours; start there often.
                        Arbitraries.oneOf(Arbitraries.integers().between(0, 24 * 60 - 1),
                                Arbitraries.integers().between(0, 4 * 60)),
                        minutes,
                        Arbitraries.of(ZONES).injectNull(0.4))
                .as((days, startMinute, durationMinutes, zone) -> new WeeklyWindow(days,
                        LocalTime.ofSecondOfDay(startMinute * 60L), Duration.ofMinutes(durationMinutes), zone));
    }

    private static Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    private record FreezeShape(long offsetSeconds, long lengthSeconds) {

        Freeze around(Instant earliestStart) {
            Instant from = earliestStart.plusSeconds(offsetSeconds);
            return new Freeze(OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(from.plusSeconds(lengthSeconds), ZoneOffset.ofHours(2)), "random");
        }
    }

    /** Both ends (the last nanosecond before the end) and evenly spaced points between, over at most 15 days. */
    private static List<Instant> samplesOf(TimeRange range) {
        TimeRange sampled = sampledPartOf(range);
        return spread(sampled.start(), sampled.end().minusNanos(1));
    }

    private static TimeRange sampledPartOf(TimeRange range) {
        Instant cap = range.start().plus(LONGEST_SAMPLED_SPAN);
        return new TimeRange(range.start(), range.end() == null || range.end().isAfter(cap) ? cap : range.end());
    }

    /**
     * Instants before {@code until} where an open period could begin: the earliest start, the end of every
     * freeze, the opening of every occurrence; plus evenly spaced points in case all of those miss.
     */
    private static List<Instant> earlierCandidates(Scenario scenario, Instant until) {
        Instant from = scenario.earliestStart();
        if (!from.isBefore(until)) {
            return List.of();
        }
        Stream<Instant> freezeEnds = scenario.freezes().stream().map(freeze -> freeze.to().toInstant());
        Stream<Instant> openings = scenario.occurrences(from, until).stream().map(TimeRange::start);
        Stream<Instant> spread = spread(from, until.minusNanos(1)).stream();
        return Stream.of(Stream.of(from), freezeEnds, openings, spread).flatMap(s -> s)
                .filter(instant -> !instant.isBefore(from) && instant.isBefore(until))
                .toList();
    }

    private static List<Instant> spread(Instant first, Instant last) {
        List<Instant> instants = new ArrayList<>();
        Duration span = Duration.between(first, last);
        for (int i = 0; i < SAMPLES; i++) {
            instants.add(first.plus(span.multipliedBy(i).dividedBy(SAMPLES - 1)));
        }
        return instants;
    }

    private static Instant nextFreezeStartAfter(Scenario scenario, Instant instant) {
        return scenario.freezes().stream()
                .map(freeze -> freeze.from().toInstant())
                .filter(start -> start.isAfter(instant))
                .min(Instant::compareTo)
                .orElse(null);
    }
}
