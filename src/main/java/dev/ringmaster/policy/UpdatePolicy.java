package dev.ringmaster.policy;

import dev.ringmaster.release.Product;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant's rules for one product. */
@Entity
@Table(name = "update_policies")
public class UpdatePolicy extends PanacheEntityBase {

    @Id
    public UUID id;

    @TenantId
    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "product_id")
    public Product product;

    @Convert(converter = PolicyModeConverter.class)
    @Column(nullable = false)
    public PolicyMode mode = PolicyMode.AUTOMATIC;

    @Column(name = "pinned_version")
    public String pinnedVersion;

    @Column(name = "pin_expires_at")
    public Instant pinExpiresAt;

    @Column(name = "deferral_seconds", nullable = false)
    public long deferralSeconds;

    @Column(name = "pilot_deferral_seconds", nullable = false)
    public long pilotDeferralSeconds;

    @Column(name = "pilot_gate_min_succeeded", nullable = false)
    public int pilotGateMinSucceeded;

    @Column(name = "pilot_gate_max_failure_rate", nullable = false)
    public BigDecimal pilotGateMaxFailureRate = BigDecimal.ZERO;

    @Column(name = "pilot_gate_soak_seconds", nullable = false)
    public long pilotGateSoakSeconds;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "maintenance_windows", nullable = false)
    public List<WeeklyWindow> maintenanceWindows = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Freeze> freezes = new ArrayList<>();

    @Column(name = "max_concurrent_share", nullable = false)
    public BigDecimal maxConcurrentShare = BigDecimal.ONE;

    @Column(nullable = false)
    public boolean paused;

    @Version
    @Column(name = "lock_version", nullable = false)
    public long lockVersion;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<UpdatePolicy> find(String tenantId, Product product) {
        return find("tenantId = ?1 and product = ?2", tenantId, product).firstResultOptional();
    }
}
