package dev.ringmaster.device;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDataWantedTest {

    private static final Instant SENT = Instant.parse("2026-11-24T02:00:00Z");

    @Test
    void wantedOnFirstContactAfterAnUpdateAndOnRequestOnly() {
        assertThat(new ConfigDataWanted(null, null, null).wanted()).as("never sent").isTrue();
        assertThat(new ConfigDataWanted(SENT, null, null).wanted()).isFalse();
        assertThat(new ConfigDataWanted(SENT, SENT.minusSeconds(1), SENT.minusSeconds(1)).wanted()).as("all before they came").isFalse();
        assertThat(new ConfigDataWanted(SENT, SENT.plusSeconds(1), null).wanted()).as("asked for since").isTrue();
        assertThat(new ConfigDataWanted(SENT, null, SENT.plusSeconds(1)).wanted()).as("updated since").isTrue();
    }
}
