package dev.ringmaster.web.vendor;

import dev.ringmaster.rollout.RingPlanResource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan editor's internal ring: ticked, its soak and gate are read; unticked, the plan is told to have none. */
class RingPlanFormInternalRingTest {

    private static Map<String, List<String>> form(boolean required, String soakHours) {
        Map<String, List<String>> form = new HashMap<>(Map.of("name", List.of("lab-first"), "ring.0.name", List.of("all"),
                "ring.0.share", List.of("100"), "ring.0.soakHours", List.of("1"),
                "internal.soakHours", List.of(soakHours), "internal.minFinished", List.of("3"),
                "internal.minFinishedPercent", List.of("80"), "internal.maxFailurePercent", List.of("1"),
                "internal.silenceHours", List.of("1"), "internal.manual", List.of("on")));
        if (required) {
            form.put("internal.required", List.of("on"));
        }
        return form;
    }

    @Test
    void aTickedInternalRingIsReadWithItsSoakAndGate() {
        RingPlanForm.Parsed parsed = RingPlanForm.read(form(true, "12")).parse();

        assertThat(parsed.errors()).isEmpty();
        RingPlanResource.InternalRingSpec internal = parsed.internalRing();
        assertThat(internal.isRequired()).isTrue();
        assertThat(internal.minSoak()).isEqualTo(Duration.ofHours(12));
        assertThat(internal.gate().minFinished()).isEqualTo(3);
        assertThat(internal.gate().minFinishedShare()).isEqualByComparingTo("0.8");
        assertThat(internal.gate().maxFailureRate()).isEqualByComparingTo("0.01");
        assertThat(internal.gate().silenceTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(internal.manualApproval()).isTrue();
        assertThat(parsed.rings()).extracting(RingPlanResource.RingSpec::name).containsExactly("all");
    }

    @Test
    void anUntickedInternalRingRemovesItAndItsFieldsRefuseNothing() {
        RingPlanForm.Parsed parsed = RingPlanForm.read(form(false, "soon")).parse();

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.internalRing().isRequired()).isFalse();
    }

    @Test
    void aBadSoakIsNamedByItsField() {
        assertThat(RingPlanForm.read(form(true, "soon")).parse().errors())
                .extracting(error -> error.field()).containsExactly("internalRing.minSoak");
    }

    @Test
    void aStoredPlansInternalRingShowsTicked() {
        RingPlanResource.GateSpec gate = new RingPlanResource.GateSpec(3, new BigDecimal("0.8"), new BigDecimal("0.01"),
                Duration.ofHours(1), 10, null);
        RingPlanResource.PlanView plan = new RingPlanResource.PlanView("agent", "lab-first", "salt", false, false,
                List.of(new RingPlanResource.RingSpec("all", BigDecimal.ONE, Duration.ofHours(1), gate, false)), Instant.EPOCH,
                null, new RingPlanResource.InternalRingSpec(true, Duration.ofHours(12), gate, false));

        RingPlanForm form = RingPlanForm.of(plan);

        assertThat(form.internalRing()).isTrue();
        assertThat(form.internal().soakHours()).isEqualTo("12");
        assertThat(form.internal().maxFailurePercent()).isEqualTo("1");
        assertThat(form.rings()).extracting(RingPlanForm.Row::name).containsExactly("all");
        assertThat(RingPlanForm.of(new RingPlanResource.PlanView("agent", "plain", "salt", false, false,
                plan.rings(), Instant.EPOCH)).internalRing()).isFalse();
    }
}
