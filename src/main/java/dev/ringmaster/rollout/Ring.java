package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.GateRule;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One ring of a plan: its cumulative share of the install base, soak and gate. The plan's internal ring (position 0,
 * {@code internal}) holds the vendor's own devices only and has no share.
 */
@Entity
@Table(name = "rings")
public class Ring extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "ring_plan_id")
    public RingPlan plan;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String name;

    @Column(name = "cumulative_share", nullable = false)
    public BigDecimal cumulativeShare;

    @Column(name = "min_soak_seconds", nullable = false)
    public long minSoakSeconds;

    @Column(name = "gate_min_finished", nullable = false)
    public int gateMinFinished;

    @Column(name = "gate_min_finished_share", nullable = false)
    public BigDecimal gateMinFinishedShare;

    @Column(name = "gate_max_failure_rate", nullable = false)
    public BigDecimal gateMaxFailureRate;

    @Column(name = "silence_timeout_seconds", nullable = false)
    public long silenceTimeoutSeconds;

    @Column(name = "install_timeout_seconds", nullable = false)
    public long installTimeoutSeconds = GateRule.DEFAULT_INSTALL_TIMEOUT.toSeconds();

    @Column(name = "gate_min_reports_for_halt", nullable = false)
    public int gateMinReportsForHalt;

    @Column(name = "manual_approval", nullable = false)
    public boolean manualApproval;

    @Column(nullable = false)
    public boolean internal;
}
