package dev.ringmaster.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(Formats.human(Duration.ofHours(48))).isEqualTo("48 hours");
        assertThat(Formats.human(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(Formats.human(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Formats.human(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(Formats.human(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(Formats.human(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(Formats.human(Duration.ofHours(78))).isEqualTo("3 days 6 hours");
        assertThat(Formats.human(Duration.ofDays(3).plusMinutes(30))).isEqualTo("3 days");
        assertThat(Formats.human(Duration.ofSeconds(45))).isEqualTo("45 seconds");
        assertThat(Formats.human(Duration.ZERO)).isEqualTo("0 seconds");
    }

    @Test
    void instantsAreWrittenInTheZoneAndNameIt() {
        Instant noon = Instant.parse("2026-07-01T12:00:00Z");
        assertThat(Formats.inZone(noon, "Europe/Berlin")).isEqualTo("2026-07-01 14:00 Europe/Berlin");
        assertThat(Formats.inZone(Instant.parse("2026-12-01T12:00:00Z"), "Europe/Berlin")).isEqualTo("2026-12-01 13:00 Europe/Berlin");
        assertThat(Formats.inZone(noon, "UTC")).isEqualTo("2026-07-01 12:00 UTC");
        assertThat(Formats.inZone(noon, "Not/AZone")).isEqualTo("2026-07-01 12:00 UTC");
        assertThat(Formats.utc(noon)).isEqualTo("2026-07-01 12:00 UTC");
    }
}
