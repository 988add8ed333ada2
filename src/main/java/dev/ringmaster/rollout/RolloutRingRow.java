package dev.ringmaster.rollout;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/** One ring of a stored rollout (table {@code rollout_rings}). */
@Embeddable
public class RolloutRingRow {

    @Column(nullable = false)
    public int position;

    /** {@link dev.ringmaster.rollout.engine.RingState#code()}. */
    @Column(nullable = false)
    public String state;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "passed_at")
    public Instant passedAt;

    @Column(name = "halted_at")
    public Instant haltedAt;

    @Column(name = "promoted_by")
    public String promotedBy;

    @Column(name = "promote_reason")
    public String promoteReason;
}
