package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A window the plan held back for a tenant rule tells the device which rule, not that its ring is closed. */
class HeldWindowTest {

    private static final Instant NOW = Instant.parse("2026-03-10T02:30:00Z");
    private static final OfferRules RULES = new OfferRules(Duration.ofMinutes(15));
    private static final Map<String, SemanticVersion> INSTALLED = Map.of("agent", SemanticVersion.parse("1.0.0"),
            "content", SemanticVersion.parse("1.0.0"));
    private static final Budgets ROOM = new Budgets(Map.of("agent", 5, "content", 5), 5);

    private static OfferCandidate held(String product, boolean ringOpen, Instant windowStart, WaitReason hold) {
        return new OfferCandidate(UUID.randomUUID(), UUID.randomUUID(), product, SemanticVersion.parse("2.0.0"), 1,
                windowStart, null, true, ringOpen, false, false, false, OfferCandidate.ActionState.NONE, hold);
    }

    private static WaitReason reason(OfferCandidate... candidates) {
        return ((OfferDecision.Wait) RULES.decide(List.of(candidates), INSTALLED, ROOM, NOW)).reason();
    }

    @Test
    void theStoredPlansHoldCodesNameTheirWaitReasons() {
        assertThat(WaitReason.ofHold(Reason.PILOT_GATE_PENDING)).isEqualTo(WaitReason.PILOT_GATE);
        assertThat(WaitReason.ofHold(Reason.APPROVAL_PENDING)).isEqualTo(WaitReason.APPROVAL_PENDING);
        assertThat(WaitReason.ofHold(Reason.APPROVAL_DECLINED)).isEqualTo(WaitReason.APPROVAL_DECLINED);
        assertThat(WaitReason.ofHold(Reason.RING_UNKNOWN)).isNull();
        assertThat(WaitReason.ofHold(Reason.MAINTENANCE_WINDOW)).isNull();
        assertThat(WaitReason.ofHold(null)).isNull();
        assertThat(WaitReason.PILOT_GATE.code()).isEqualTo("pilot-gate");
    }

    @Test
    void aHeldWindowInAnOpenRingSaysWhatHoldsIt() {
        assertThat(reason(held("agent", true, null, WaitReason.PILOT_GATE))).isEqualTo(WaitReason.PILOT_GATE);
        assertThat(reason(held("agent", true, null, WaitReason.APPROVAL_PENDING))).isEqualTo(WaitReason.APPROVAL_PENDING);
        assertThat(reason(held("agent", true, null, null))).as("no window and no hold: not known yet")
                .isEqualTo(WaitReason.RING_NOT_OPEN);
    }

    @Test
    void aClosedRingComesBeforeTheHold() {
        assertThat(reason(held("agent", false, null, WaitReason.PILOT_GATE))).isEqualTo(WaitReason.RING_NOT_OPEN);
    }

    @Test
    void theMostTellingReasonOverEveryProductIsGiven() {
        OfferCandidate gated = held("agent", true, null, WaitReason.PILOT_GATE);
        OfferCandidate closedRing = held("content", false, null, null);
        assertThat(reason(gated, closedRing)).isEqualTo(WaitReason.PILOT_GATE);
        OfferCandidate later = held("content", true, NOW.plusSeconds(600), null);
        assertThat(reason(gated, later)).isEqualTo(WaitReason.BEFORE_WINDOW);
    }
}
