package dev.ringmaster.rollout;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/** One approver of an emergency rollout (table {@code rollout_approvals}). */
@Embeddable
public class RolloutApprovalRow {

    @Column(nullable = false)
    public String approver;

    @Column(name = "approved_at", nullable = false)
    public Instant approvedAt;
}
