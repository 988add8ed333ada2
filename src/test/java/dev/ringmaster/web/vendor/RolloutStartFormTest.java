package dev.ringmaster.web.vendor;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutStartFormTest {

    @Test
    void nowNeedsNoTime() {
        RolloutStartForm.Parsed parsed = new RolloutStartForm(" standard ", "now", "", "").parse();
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plan()).isEqualTo("standard");
        assertThat(parsed.startAt()).isNull();
    }

    @Test
    void aLocalTimeIsReadInItsZone() {
        RolloutStartForm.Parsed parsed = new RolloutStartForm("", "at", "2026-12-24T09:30", "Europe/Berlin").parse();
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plan()).isNull();
        assertThat(parsed.startAt()).isEqualTo(Instant.parse("2026-12-24T08:30:00Z"));
    }

    @Test
    void aBadZoneOrTimeIsNamed() {
        assertThat(new RolloutStartForm(null, "at", "2026-12-24T09:30", "+01:00x").parse().errors()).singleElement()
                .asString().startsWith("zone:");
        assertThat(new RolloutStartForm(null, "at", "tomorrow", "UTC").parse().errors()).singleElement()
                .asString().startsWith("start time:");
    }
}
