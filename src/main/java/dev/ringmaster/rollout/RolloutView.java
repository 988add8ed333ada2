package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.RingHealth;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A rollout as the API shows it.
 *
 * @param rings null in lists, filled in the detail view
 */
public record RolloutView(UUID id, String product, String version, String releaseKind, String plan, String state,
                          int ringCount, int currentRing, String currentRingName, String stateReason, boolean emergency,
                          List<String> approvers, boolean awaitingApproval, String createdBy, Instant createdAt,
                          Instant scheduledFor, Instant startedAt, Instant stateChangedAt, List<RingView> rings) {

    /**
     * One ring with its gate and, for rings that opened, the health counted now.
     *
     * @param internal the plan's internal ring, which holds the vendor's own devices only; its share is null
     */
    public record RingView(int position, String name, boolean internal, BigDecimal share, String state, Instant openedAt,
                           Instant passedAt, Instant haltedAt, String promotedBy, String promoteReason,
                           Gate gate, RingHealth health, String gateOutcome, List<String> gateReasons) {
    }

    @Schema(name = "RingGate")
    public record Gate(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration minSoak,
                       Duration silenceTimeout, int minReportsForHalt, boolean manualApproval, Duration installTimeout) {
    }
}
