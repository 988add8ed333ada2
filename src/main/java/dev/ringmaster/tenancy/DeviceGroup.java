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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A tenant-defined set of devices; a pilot group goes first within its tenant. */
@Entity
@Table(name = "device_groups")
public class DeviceGroup extends PanacheEntityBase {

    @Id
    public UUID id;

    @TenantId
    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(nullable = false)
    public boolean pilot;

    /** A dynamic group's definition: its members are the devices whose attributes hold these pairs; null: members by hand. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "attribute_filter")
    public Map<String, String> attributeFilter;

    /** The filter of a dynamic group, empty for a group whose members are picked by hand. */
    public Optional<AttributeFilter> filter() {
        return attributeFilter == null ? Optional.empty() : Optional.of(new AttributeFilter(new DeviceAttributes(attributeFilter)));
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<DeviceGroup> find(String tenantId, String name) {
        return find("tenantId = ?1 and name = ?2", tenantId, name).firstResultOptional();
    }
}
