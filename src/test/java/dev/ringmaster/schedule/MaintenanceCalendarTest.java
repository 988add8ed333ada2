package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.WeeklyWindow;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceCalendarTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final List<Freeze> NO_FREEZES = List.of();

    @Nested
    class DaylightSaving {

        @Test
        void springForwardNightKeepsFourRealHoursFromOneOClockWinterTime() {
            // Europe/Berlin jumps 02:00 -> 03:00 on Sunday 2027-03-28.
            var calendar = calendar(List.of(window(Set.of(SUNDAY), "01:00", Duration.ofHours(4), null)), NO_FREEZES,
                    ZoneId.of("Europe/Berlin"));

            assertThat(calendar.firstWindow(at("2027-03-27T12:00:00Z"), at("2027-06-01T00:00:00Z")))
                    .contains(range("2027-03-28T00:00:00Z", "2027-03-28T04:00:00Z"));
        }

        @Test
        void fallBackNightOpensAtTheEarlierOneOClockAndLastsThreeRealHours() {
            // America/New_York falls back 02:00 EDT -> 01:00 EST on Sunday 2026-11-01, so 01:00 happens twice.
            var calendar = calendar(List.of(window(Set.of(SUNDAY), "01:00", Duration.ofHours(3), null)), NO_FREEZES,
                    ZoneId.of("America/New_York"));

            assertThat(calendar.firstWindow(at("2026-10-31T12:00:00Z"), at("2027-01-01T00:00:00Z")))
                    .contains(range("2026-11-01T05:00:00Z", "2026-11-01T08:00:00Z"));
        }

        @Test
        void startInsideTheSpringForwardGapMovesForwardByTheGap() {
            // 02:30 does not exist in Berlin on 2027-03-28; it becomes 03:30 CEST = 01:30Z.
            var calendar = calendar(List.of(window(Set.of(SUNDAY), "02:30", Duration.ofHours(1), null)), NO_FREEZES,
                    ZoneId.of("Europe/Berlin"));

            assertThat(calendar.firstWindow(at("2027-03-27T12:00:00Z"), at("2027-06-01T00:00:00Z")))
                    .contains(range("2027-03-28T01:30:00Z", "2027-03-28T02:30:00Z"));
        }
    }

    @Nested
    class Occurrences {

        @Test
        void windowOpenedBeforeEarliestStartIsClippedToIt() {
            // Sunday 22:00 BST for 6 h ends Monday 04:00 BST; the device may start Monday 01:00 BST.
            ZoneId london = ZoneId.of("Europe/London");
            var calendar = calendar(List.of(window(Set.of(SUNDAY), "22:00", Duration.ofHours(6), null)), NO_FREEZES,
                    london);

            Optional<TimeRange> first = calendar.firstWindow(local("2026-06-08T01:00", london),
                    at("2026-09-01T00:00:00Z"));

            assertThat(first).contains(new TimeRange(local("2026-06-08T01:00", london),
                    local("2026-06-08T04:00", london)));
        }

        @Test
        void windowThatEndsExactlyAtEarliestStartDoesNotCount() {
            var calendar = calendar(List.of(window(Set.of(MONDAY), "01:00", Duration.ofHours(2), null)), NO_FREEZES,
                    UTC);

            assertThat(calendar.firstWindow(at("2026-06-08T03:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-15T01:00:00Z", "2026-06-15T03:00:00Z"));
        }

        @Test
        void overlappingWindowsMergeIntoOneRange() {
            var calendar = calendar(List.of(
                    window(Set.of(MONDAY), "01:00", Duration.ofHours(3), null),
                    window(Set.of(MONDAY), "03:00", Duration.ofHours(2), null)), NO_FREEZES, UTC);

            assertThat(calendar.firstWindow(at("2026-06-07T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-08T01:00:00Z", "2026-06-08T05:00:00Z"));
        }

        @Test
        void touchingWindowsMergeIntoOneRange() {
            var calendar = calendar(List.of(
                    window(Set.of(MONDAY), "03:00", Duration.ofHours(2), null),
                    window(Set.of(MONDAY), "01:00", Duration.ofHours(2), null)), NO_FREEZES, UTC);

            assertThat(calendar.firstWindow(at("2026-06-07T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-08T01:00:00Z", "2026-06-08T05:00:00Z"));
        }

        @Test
        void windowWithItsOwnZoneIgnoresTheDeviceZone() {
            // 02:00 in Kolkata (+05:30) is 20:30Z the evening before, whatever zone the device is in.
            var calendar = calendar(List.of(window(Set.of(WEDNESDAY), "02:00", Duration.ofHours(1), "Asia/Kolkata")),
                    NO_FREEZES, ZoneId.of("America/New_York"));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-09T20:30:00Z", "2026-06-09T21:30:00Z"));
        }

        @Test
        void windowListingNoDaysNeverOpens() {
            var calendar = calendar(List.of(window(Set.of(), "01:00", Duration.ofHours(2), null)), NO_FREEZES, UTC);

            assertThat(calendar.firstWindow(at("2026-06-07T00:00:00Z"), at("2027-06-07T00:00:00Z"))).isEmpty();
            assertThat(calendar.isOpen(at("2026-06-08T01:30:00Z"))).isFalse();
        }

        @Test
        void durationMustBePositiveAndAtMostSevenDays() {
            assertThatThrownBy(() -> calendar(List.of(window(Set.of(MONDAY), "01:00", Duration.ofDays(7).plusSeconds(1),
                    null)), NO_FREEZES, UTC)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> calendar(List.of(window(Set.of(MONDAY), "01:00", Duration.ZERO, null)),
                    NO_FREEZES, UTC)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void sevenDayWindowOnEveryDayIsOneEndlessRangeUpToTheNextFreeze() {
            var calendar = calendar(List.of(window(Set.of(DayOfWeek.values()), "00:00", Duration.ofDays(7), null)),
                    List.of(freeze("2026-12-20T00:00:00Z", "2027-01-04T00:00:00Z")), UTC);

            assertThat(calendar.firstWindow(at("2026-06-07T10:00:00Z"), at("2027-06-07T00:00:00Z")))
                    .contains(range("2026-06-07T10:00:00Z", "2026-12-20T00:00:00Z"));
        }

        @Test
        void windowsThatNeverCloseAreJoinedUpToTheHorizon() {
            var calendar = calendar(List.of(window(Set.of(MONDAY), "00:00", Duration.ofDays(7), null)), NO_FREEZES,
                    UTC);

            // The occurrence opening Monday 2026-06-29 crosses the horizon and ends the range.
            assertThat(calendar.firstWindow(at("2026-06-07T10:00:00Z"), at("2026-07-01T00:00:00Z")))
                    .contains(range("2026-06-07T10:00:00Z", "2026-07-06T00:00:00Z"));
        }
    }

    @Nested
    class Freezes {

        private MaintenanceCalendar wednesdayTwoToSix(List<Freeze> freezes) {
            return calendar(List.of(window(Set.of(WEDNESDAY), "02:00", Duration.ofHours(4), null)), freezes, UTC);
        }

        @Test
        void freezeOverTheFirstPartClipsTheStart() {
            var calendar = wednesdayTwoToSix(List.of(freeze("2026-06-10T01:00:00Z", "2026-06-10T03:00:00Z")));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-10T03:00:00Z", "2026-06-10T06:00:00Z"));
        }

        @Test
        void freezeInTheMiddleKeepsOnlyTheFirstPart() {
            var calendar = wednesdayTwoToSix(List.of(freeze("2026-06-10T04:00:00Z", "2026-06-10T05:00:00Z")));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-10T02:00:00Z", "2026-06-10T04:00:00Z"));
        }

        @Test
        void freezeOverTheWholeOccurrenceMovesToNextWeek() {
            var calendar = wednesdayTwoToSix(List.of(freeze("2026-06-10T00:00:00Z", "2026-06-10T06:00:00Z")));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-17T02:00:00Z", "2026-06-17T06:00:00Z"));
        }

        @Test
        void touchingFreezesChainTogether() {
            var calendar = wednesdayTwoToSix(List.of(
                    freeze("2026-06-10T03:00:00Z", "2026-06-10T04:00:00Z"),
                    freeze("2026-06-10T01:00:00Z", "2026-06-10T03:00:00Z")));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-10T04:00:00Z", "2026-06-10T06:00:00Z"));
        }

        @Test
        void freezeGivenWithAnOffsetIsTheSameInstantRange() {
            // 05:00+02:00 is 03:00Z.
            var calendar = wednesdayTwoToSix(List.of(new Freeze(OffsetDateTime.parse("2026-06-10T02:00:00+02:00"),
                    OffsetDateTime.parse("2026-06-10T05:00:00+02:00"), "release party")));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-10T03:00:00Z", "2026-06-10T06:00:00Z"));
        }

        @Test
        void everythingFrozenPastTheHorizonGivesNothing() {
            var calendar = wednesdayTwoToSix(List.of(freeze("2026-06-01T00:00:00Z", "2026-12-01T00:00:00Z")));

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-09-01T00:00:00Z"))).isEmpty();
        }

        @Test
        void nothingBeforeTheHorizonGivesNothing() {
            var calendar = wednesdayTwoToSix(NO_FREEZES);

            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-06-10T02:00:00Z"))).isEmpty();
            assertThat(calendar.firstWindow(at("2026-06-08T00:00:00Z"), at("2026-06-10T02:00:01Z"))).isPresent();
        }

        @Test
        void isOpenInsideTheWindowButNotInsideAFreeze() {
            var calendar = wednesdayTwoToSix(List.of(freeze("2026-06-10T04:00:00Z", "2026-06-10T05:00:00Z")));

            assertThat(calendar.isOpen(at("2026-06-10T01:59:59Z"))).isFalse();
            assertThat(calendar.isOpen(at("2026-06-10T02:00:00Z"))).isTrue();
            assertThat(calendar.isOpen(at("2026-06-10T04:30:00Z"))).isFalse();
            assertThat(calendar.isOpen(at("2026-06-10T05:00:00Z"))).isTrue();
            assertThat(calendar.isOpen(at("2026-06-10T06:00:00Z"))).isFalse();
        }
    }

    @Nested
    class WithoutWindows {

        @Test
        void alwaysOpenFromEarliestStart() {
            var calendar = calendar(List.of(), NO_FREEZES, UTC);

            assertThat(calendar.firstWindow(at("2026-06-08T10:15:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(TimeRange.openEnded(at("2026-06-08T10:15:00Z")));
            assertThat(calendar.isOpen(at("2026-06-08T10:15:00Z"))).isTrue();
        }

        @Test
        void freezeCoveringEarliestStartDelaysTheStartToItsEnd() {
            var calendar = calendar(List.of(), List.of(freeze("2026-06-01T00:00:00Z", "2026-06-10T00:00:00Z")), UTC);

            assertThat(calendar.firstWindow(at("2026-06-08T10:15:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(TimeRange.openEnded(at("2026-06-10T00:00:00Z")));
        }

        @Test
        void laterFreezeEndsTheRange() {
            var calendar = calendar(List.of(), List.of(
                    freeze("2026-12-20T00:00:00Z", "2027-01-04T00:00:00Z"),
                    freeze("2026-06-01T00:00:00Z", "2026-06-10T00:00:00Z")), UTC);

            assertThat(calendar.firstWindow(at("2026-06-08T10:15:00Z"), at("2026-09-01T00:00:00Z")))
                    .contains(range("2026-06-10T00:00:00Z", "2026-12-20T00:00:00Z"));
        }

        @Test
        void earliestStartAtOrAfterTheHorizonGivesNothing() {
            var calendar = calendar(List.of(), NO_FREEZES, UTC);

            assertThat(calendar.firstWindow(at("2026-09-01T00:00:00Z"), at("2026-09-01T00:00:00Z"))).isEmpty();
        }
    }

    private static MaintenanceCalendar calendar(List<WeeklyWindow> windows, List<Freeze> freezes, ZoneId zone) {
        return new MaintenanceCalendar(windows, freezes, zone);
    }

    private static WeeklyWindow window(Set<DayOfWeek> days, String start, Duration duration, String zone) {
        return new WeeklyWindow(days, LocalTime.parse(start), duration, zone);
    }

    private static Freeze freeze(String from, String to) {
        return new Freeze(OffsetDateTime.parse(from), OffsetDateTime.parse(to), "test freeze");
    }

    private static TimeRange range(String start, String end) {
        return new TimeRange(at(start), at(end));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
