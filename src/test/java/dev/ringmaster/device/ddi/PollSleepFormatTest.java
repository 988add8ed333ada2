package dev.ringmaster.device.ddi;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** DDI's {@code config.polling.sleep} is {@code HH:MM:SS}, as hawkBit writes it and agents parse it. */
class PollSleepFormatTest {

    @Test
    void hoursMinutesAndSecondsTwoDigitsEachNeverNegative() {
        assertThat(Ddi.hms(Duration.ZERO)).isEqualTo("00:00:00");
        assertThat(Ddi.hms(Duration.ofSeconds(59))).isEqualTo("00:00:59");
        assertThat(Ddi.hms(Duration.ofSeconds(3_661))).isEqualTo("01:01:01");
        assertThat(Ddi.hms(Duration.ofHours(23).plusMinutes(59).plusSeconds(59))).isEqualTo("23:59:59");
        assertThat(Ddi.hms(Duration.ofHours(100))).isEqualTo("100:00:00");
        assertThat(Ddi.hms(Duration.ofMillis(1_999))).isEqualTo("00:00:01");
        assertThat(Ddi.hms(Duration.ofSeconds(-5))).isEqualTo("00:00:00");
    }
}
