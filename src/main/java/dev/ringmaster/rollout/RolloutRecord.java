package dev.ringmaster.rollout;

import dev.ringmaster.release.Release;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A rollout as stored. The engine works on the immutable {@link dev.ringmaster.rollout.engine.Rollout}; this row
 * is loaded into one and written back from one by {@link RolloutSnapshots}, never changed field by field.
 */
@Entity
@Table(name = "rollouts")
public class RolloutRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "release_id")
    public Release release;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "ring_plan_id")
    public RingPlan plan;

    /** {@link dev.ringmaster.rollout.engine.RolloutState#code()}. */
    @Column(nullable = false)
    public String state;

    @Column(name = "current_ring", nullable = false)
    public int currentRing;

    @Column(name = "state_reason")
    public String stateReason;

    /** When the reconciler starts a scheduled rollout by itself; null waits for a vendor's start. */
    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "state_changed_at", nullable = false)
    public Instant stateChangedAt;

    @Column(nullable = false)
    public boolean emergency;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A second writer that slipped past the row lock would fail here rather than overwrite. */
    @Version
    @Column(name = "lock_version", nullable = false)
    public long lockVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "rollout_rings", joinColumns = @JoinColumn(name = "rollout_id"))
    @OrderBy("position")
    public List<RolloutRingRow> rings = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "rollout_approvals", joinColumns = @JoinColumn(name = "rollout_id"))
    @OrderBy("approvedAt")
    public List<RolloutApprovalRow> approvals = new ArrayList<>();
}
