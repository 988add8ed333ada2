package dev.ringmaster.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A secret a tenant hands to its devices so they can enroll themselves; stored only as a hash. */
@Entity
@Table(name = "enrollment_keys")
public class EnrollmentKey extends PanacheEntityBase {

    @Id
    public UUID id;

    @TenantId
    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "max_uses", nullable = false)
    public int maxUses;

    @Column(nullable = false)
    public int uses;

    /** Glob patterns of the device ids this key enrolls; null enrolls any id. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "device_id_patterns")
    public List<String> deviceIdPatterns;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * Takes one use of the key if it is usable at {@code now}, in one statement, so concurrent enrollments cannot
     * overrun its limit, and answers the key's tenant. Run it in a transaction of its own: the key's row stays
     * locked until that commits, and a fleet enrolling with one key queues on that lock — for one statement, not
     * for each other's whole enrollment. An enrollment that then fails gives the use back ({@link #giveBackUse}).
     */
    public static Optional<String> takeUse(String keyHash, Instant now) {
        List<?> tenants = getEntityManager().createNativeQuery("UPDATE enrollment_keys SET uses = uses + 1"
                        + " WHERE key_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2 AND uses < max_uses"
                        + " RETURNING tenant_id")
                .setParameter(1, keyHash).setParameter(2, now).getResultList();
        return tenants.stream().map(String.class::cast).findFirst();
    }

    /** Undoes {@link #takeUse} for an enrollment that failed after taking it. */
    public static void giveBackUse(String keyHash) {
        getEntityManager().createNativeQuery("UPDATE enrollment_keys SET uses = uses - 1 WHERE key_hash = ?1 AND uses > 0")
                .setParameter(1, keyHash).executeUpdate();
    }

    public DeviceIdScope scope() {
        return new DeviceIdScope(deviceIdPatterns == null ? List.of() : deviceIdPatterns);
    }
}
