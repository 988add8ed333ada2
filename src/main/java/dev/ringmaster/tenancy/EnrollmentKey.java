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

    public boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt) && uses < maxUses;
    }

    public DeviceIdScope scope() {
        return new DeviceIdScope(deviceIdPatterns == null ? List.of() : deviceIdPatterns);
    }
}
