package dev.ringmaster.rollout.gate;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ring gate's install timeout: positive, at most 30 days, two hours when a plan does not say. */
class InstallTimeoutRuleTest {

    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal TWO_PERCENT = new BigDecimal("0.02");

    @Test
    void aGateWithoutAnInstallTimeoutTakesTwoHours() {
        GateRule rule = new GateRule(10, HALF, TWO_PERCENT, Duration.ofHours(1), Duration.ofMinutes(30), 10);
        assertThat(rule.installTimeout()).isEqualTo(Duration.ofHours(2)).isEqualTo(GateRule.DEFAULT_INSTALL_TIMEOUT);
    }

    @Test
    void anInstallTimeoutMustBePositiveAndAtMostThirtyDays() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMinutes(-1), Duration.ofDays(31), null}) {
            assertThat(GateRule.violations(10, HALF, TWO_PERCENT, Duration.ZERO, Duration.ofMinutes(30), 10, bad))
                    .extracting(GateRule.Violation::field).containsExactly("installTimeout");
            assertThatThrownBy(() -> new GateRule(10, HALF, TWO_PERCENT, Duration.ZERO, Duration.ofMinutes(30), 10, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("installTimeout");
        }
        assertThat(GateRule.violations(10, HALF, TWO_PERCENT, Duration.ZERO, Duration.ofMinutes(30), 10, Duration.ofDays(30)))
                .isEmpty();
    }
}
