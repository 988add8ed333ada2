package dev.ringmaster.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test clock as a plain object; a second instance stands for the service restarted by a test profile. */
class TestClockTest {

    @Test
    void aClockStartedAnewInTheJvmNeverShowsAnEarlierInstant() {
        TestClock first = new TestClock();
        Instant moved = first.advance(Duration.ofMinutes(30));
        assertThat(new TestClock().instant()).as("after an advance").isAfterOrEqualTo(moved);

        Instant frozen = first.freezeAt(first.instant().plus(Duration.ofMinutes(20)));
        assertThat(new TestClock().instant()).as("after a freeze ahead of the flow").isAfterOrEqualTo(frozen);

        first.thaw();
        assertThat(new TestClock().instant()).as("after a thaw").isAfterOrEqualTo(frozen);
    }

    @Test
    void neverBackwards() {
        TestClock clock = new TestClock();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.freezeAt(clock.instant().minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
