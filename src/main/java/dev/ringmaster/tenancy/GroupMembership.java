package dev.ringmaster.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A device in a group; mapped for queries, written through {@link GroupMembers}. */
@Entity
@Table(name = "group_memberships")
@IdClass(GroupMembership.Key.class)
public class GroupMembership extends PanacheEntityBase {

    @TenantId
    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Id
    @Column(name = "group_id")
    public UUID groupId;

    @Id
    @Column(name = "device_id")
    public UUID deviceId;

    public static class Key implements Serializable {
        public UUID groupId;
        public UUID deviceId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(groupId, key.groupId) && Objects.equals(deviceId, key.deviceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, deviceId);
        }
    }
}
