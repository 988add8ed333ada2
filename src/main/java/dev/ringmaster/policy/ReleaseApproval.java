package dev.ringmaster.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant's decision on one release of a product it follows in approval mode; no row means pending.
 * The tenant is part of the key (not a Hibernate {@code @TenantId}), so every query names it explicitly.
 */
@Entity
@Table(name = "tenant_release_approvals")
@IdClass(ReleaseApproval.Key.class)
public class ReleaseApproval extends PanacheEntityBase {

    static final String APPROVED = "approved";
    static final String DECLINED = "declined";

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "release_id")
    public UUID releaseId;

    /** {@value #APPROVED} or {@value #DECLINED}, as the table's check allows. */
    @Column(nullable = false)
    public String decision;

    @Column(name = "pilot_only", nullable = false)
    public boolean pilotOnly;

    public String reason;

    @Column(name = "decided_by", nullable = false)
    public String decidedBy;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    public static class Key implements Serializable {
        public String tenantId;
        public UUID releaseId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(tenantId, key.tenantId) && Objects.equals(releaseId, key.releaseId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, releaseId);
        }
    }
}
