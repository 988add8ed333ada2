package dev.ringmaster.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void doublesUpToTheCapThenGivesUp() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5), 7);
        assertThat(backoff.after(1)).contains(Duration.ofSeconds(30));
        assertThat(backoff.after(2)).contains(Duration.ofSeconds(60));
        assertThat(backoff.after(3)).contains(Duration.ofSeconds(120));
        assertThat(backoff.after(4)).contains(Duration.ofSeconds(240));
        assertThat(backoff.after(5)).contains(Duration.ofMinutes(5));
        assertThat(backoff.after(6)).contains(Duration.ofMinutes(5));
        assertThat(backoff.after(7)).isEqualTo(Optional.empty());
    }

    @Test
    void theDefaultsRetryForAboutFiveHours() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), 12);
        Duration total = Duration.ZERO;
        for (int attempts = 1; backoff.after(attempts).isPresent(); attempts++) {
            total = total.plus(backoff.after(attempts).orElseThrow());
        }
        assertThat(total).isEqualTo(Duration.ofSeconds(30 + 60 + 120 + 240 + 480 + 960 + 1920 + 4 * 3600));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
