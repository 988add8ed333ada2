package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingHealthTest {

    @Test
    void silenceIsAnOutcomeAndAFailure() {
        RingHealth health = new RingHealth(100, 5, 7, 60, 3, 4, 20, 900);

        assertThat(health.finished()).isEqualTo(67);
        assertThat(health.failures()).isEqualTo(7);
        assertThat(health.reported()).isEqualTo(63);
    }

    @Test
    void everyOfferedDeviceMayBeAccountedFor() {
        RingHealth health = new RingHealth(10, 1, 1, 4, 2, 2, 0, 0);

        assertThat(health.finished()).isEqualTo(8);
        assertThat(new RingHealth(0, 0, 0, 0, 0, 0, 0, 0).finished()).isZero();
    }

    @Test
    void eachNegativeCountIsNamed() {
        assertNegative("offered", () -> new RingHealth(-1, 0, 0, 0, 0, 0, 0, 0));
        assertNegative("downloading", () -> new RingHealth(1, -1, 0, 0, 0, 0, 0, 0));
        assertNegative("installing", () -> new RingHealth(1, 0, -1, 0, 0, 0, 0, 0));
        assertNegative("succeeded", () -> new RingHealth(1, 0, 0, -1, 0, 0, 0, 0));
        assertNegative("failed", () -> new RingHealth(1, 0, 0, 0, -1, 0, 0, 0));
        assertNegative("silent", () -> new RingHealth(1, 0, 0, 0, 0, -1, 0, 0));
        assertNegative("quietUnupdated", () -> new RingHealth(1, 0, 0, 0, 0, 0, -1, 0));
        assertNegative("unupdated", () -> new RingHealth(1, 0, 0, 0, 0, 0, 0, -1));
    }

    @Test
    void moreDevicesInStatesThanOfferedAreRefused() {
        assertThatThrownBy(() -> new RingHealth(10, 1, 1, 4, 2, 3, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("downloading + installing + succeeded + failed + silent (11) must not exceed offered (10)");
    }

    @Test
    void theSumIsCheckedWithoutOverflow() {
        assertThatThrownBy(() -> new RingHealth(Integer.MAX_VALUE, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not exceed offered");
    }

    @Test
    void moreQuietThanNotYetUpdatedDevicesAreRefused() {
        assertThatThrownBy(() -> new RingHealth(10, 0, 0, 0, 0, 0, 6, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quietUnupdated (6) must not exceed unupdated (5)");
    }

    private static void assertNegative(String field, Runnable construction) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(field + " must not be negative, was -1");
    }
}
