package dev.ringmaster.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A device of one tenant, known by the external id its agent reports. */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

    /** What a device id (its agent's controller id) may look like; the schema checks the same. */
    public static final String EXTERNAL_ID_REGEX = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    @Id
    public UUID id;

    @TenantId
    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "external_id", nullable = false)
    public String externalId;

    @Column(nullable = false)
    public String name;

    /** IANA zone; null when unknown, and then the tenant's zone applies. */
    @Column(name = "time_zone")
    public String timeZone;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> attributes = new HashMap<>();

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeviceStatus status = DeviceStatus.active;

    /** SHA-256 of the device's own token; null until it enrolls, and again once it is retired. */
    @Column(name = "token_hash", unique = true)
    public String tokenHash;

    @Column(name = "enrolled_at")
    public Instant enrolledAt;

    /** Until when a tenant admin's re-provisioning lets the next enrollment through without the current token. */
    @Column(name = "reprovision_until")
    public Instant reprovisionUntil;

    /** Read only: LastSeen writes it, in batches, into a narrow table of its own (V14). */
    @Formula("(SELECT p.last_seen_at FROM device_presence p WHERE p.device_id = id)")
    public Instant lastSeenAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Device> find(String tenantId, String externalId) {
        return find("tenantId = ?1 and externalId = ?2", tenantId, externalId).firstResultOptional();
    }
}
