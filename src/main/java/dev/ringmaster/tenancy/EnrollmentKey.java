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

    /** What {@link #takeUses} granted: the key's tenant and how many of the uses asked for it had left. */
    public record Granted(String tenantId, int uses) {
    }

    /**
     * Takes up to {@code wanted} uses of the key if it is usable at {@code now}, in one statement, so concurrent
     * enrollments cannot overrun its limit. Run it in a transaction of its own: the key's row stays locked until
     * that commits (a durable commit, in production), so enrollments arriving together take their uses together
     * rather than queueing on the lock one commit each. An enrollment that then fails gives its use back
     * ({@link #giveBackUse}).
     */
    public static Optional<Granted> takeUses(String keyHash, int wanted, Instant now) {
        List<?> rows = getEntityManager().createNativeQuery("WITH k AS (SELECT id, uses FROM enrollment_keys"
                        + " WHERE key_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2 AND uses < max_uses FOR UPDATE)"
                        + " UPDATE enrollment_keys e SET uses = LEAST(e.max_uses, k.uses + ?3) FROM k WHERE e.id = k.id"
                        + " RETURNING e.tenant_id, e.uses - k.uses")
                .setParameter(1, keyHash).setParameter(2, now).setParameter(3, wanted).getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new Granted((String) row[0], ((Number) row[1]).intValue())).findFirst();
    }

    /** Undoes one use of {@link #takeUses} for an enrollment that failed after taking it. */
    public static void giveBackUse(String keyHash) {
        getEntityManager().createNativeQuery("UPDATE enrollment_keys SET uses = uses - 1 WHERE key_hash = ?1 AND uses > 0")
                .setParameter(1, keyHash).executeUpdate();
    }

    public DeviceIdScope scope() {
        return new DeviceIdScope(deviceIdPatterns == null ? List.of() : deviceIdPatterns);
    }
}
