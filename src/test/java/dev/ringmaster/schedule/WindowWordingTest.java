package dev.ringmaster.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Explain wording of windows: times carry their offset only where the local time alone could mislead. */
class WindowWordingTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String range(String start, Duration duration, ZoneId zone) {
        Instant opens = Instant.parse(start);
        return WindowWording.range(new TimeRange(opens, opens.plus(duration)), zone);
    }

    @Test
    void anOrdinaryDayReadsWithoutOffsets() {
        assertThat(range("2027-03-05T01:00:00Z", Duration.ofHours(2), BERLIN))
                .isEqualTo("Fri 2027-03-05 02:00–04:00 Europe/Berlin");
    }

    @Test
    void aWindowOverTheAutumnChangeShowsBothOffsetsInsteadOfLastingNoTime() {
        // 02:00 summer time, one real hour, ends at the second 02:00 (winter time).
        assertThat(range("2026-10-25T00:00:00Z", Duration.ofHours(1), BERLIN))
                .isEqualTo("Sun 2026-10-25 02:00 +02:00 – 02:00 +01:00 Europe/Berlin");
    }

    @Test
    void anyTimeOnADayWithAnOffsetChangeCarriesItsOffset() {
        // Spring forward: 01:00 winter time plus four real hours is 06:00 summer time.
        assertThat(range("2027-03-28T00:00:00Z", Duration.ofHours(4), BERLIN))
                .isEqualTo("Sun 2027-03-28 01:00 +01:00 – 06:00 +02:00 Europe/Berlin");
        // Late in the evening of the autumn change day, long after it: still that day, still with offsets.
        assertThat(range("2026-10-25T20:00:00Z", Duration.ofHours(1), BERLIN))
                .isEqualTo("Sun 2026-10-25 21:00 +01:00 – 22:00 +01:00 Europe/Berlin");
    }

    @Test
    void aWindowEndingOnAChangeDayShowsOffsetsAtBothEnds() {
        assertThat(range("2026-10-24T21:00:00Z", Duration.ofHours(6), BERLIN))
                .isEqualTo("Sat 2026-10-24 23:00 +02:00 – Sun 2026-10-25 04:00 +01:00 Europe/Berlin");
    }

    @Test
    void anOpenEndedWindowInTheRepeatedHourSaysWhichOne() {
        Instant secondHalfPastTwo = Instant.parse("2026-10-25T01:30:00Z");
        assertThat(WindowWording.range(new TimeRange(secondHalfPastTwo, null), BERLIN))
                .isEqualTo("Sun 2026-10-25 02:30 +01:00 Europe/Berlin onwards");
    }

    @Test
    void aZoneWithoutChangesNeverShowsOffsets() {
        assertThat(range("2026-10-25T00:00:00Z", Duration.ofHours(1), ZoneId.of("UTC")))
                .isEqualTo("Sun 2026-10-25 00:00–01:00 UTC");
        assertThat(range("2026-11-01T05:00:00Z", Duration.ofHours(2), ZoneId.of("Asia/Tokyo")))
                .isEqualTo("Sun 2026-11-01 14:00–16:00 Asia/Tokyo");
    }
}
