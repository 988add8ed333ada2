package dev.ringmaster.web.vendor;

import dev.ringmaster.rollout.RingPlanResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan editor keeps a ring's install timeout: in hours, empty meaning the default. */
class RingPlanFormInstallTimeoutTest {

    private static Map<String, List<String>> ring(String installHours) {
        Map<String, List<String>> form = new HashMap<>(Map.of("name", List.of("fast"), "ring.0.name", List.of("all"),
                "ring.0.share", List.of("100"), "ring.0.soakHours", List.of("1"), "ring.0.minFinished", List.of("5"),
                "ring.0.minFinishedPercent", List.of("50"), "ring.0.maxFailurePercent", List.of("20"),
                "ring.0.silenceHours", List.of("0.5")));
        if (installHours != null) {
            form.put("ring.0.installHours", List.of(installHours));
        }
        return form;
    }

    @Test
    void theInstallTimeoutIsReadInHoursAndLeftToTheDefaultWhenEmpty() {
        RingPlanForm.Parsed parsed = RingPlanForm.read(ring("1.5")).parse();
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rings().getFirst().gate().installTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(RingPlanForm.read(ring(null)).parse().rings().getFirst().gate().installTimeoutOrDefault())
                .isEqualTo(Duration.ofHours(2));
        assertThat(RingPlanForm.read(ring("soon")).parse().errors())
                .extracting(error -> error.field()).containsExactly("rings[0].gate.installTimeout");
    }

    @Test
    void aStoredPlanShowsItsInstallTimeoutInHours() {
        RingPlanResource.PlanView plan = new RingPlanResource.PlanView("content", "fast", "salt", true, false,
                List.of(new RingPlanResource.RingSpec("all", java.math.BigDecimal.ONE, Duration.ofHours(1),
                        new RingPlanResource.GateSpec(5, new java.math.BigDecimal("0.5"), new java.math.BigDecimal("0.2"),
                                Duration.ofMinutes(30), 10, Duration.ofHours(3)), false)), java.time.Instant.EPOCH);
        assertThat(RingPlanForm.of(plan).rings().getFirst().installHours()).isEqualTo("3");
    }
}
