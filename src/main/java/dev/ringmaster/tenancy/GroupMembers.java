package dev.ringmaster.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Which devices are in which group. Rows carry the tenant, like every tenant table. */
@ApplicationScoped
public class GroupMembers {

    @Inject
    ObjectMapper json;

    /** @return how many of the devices were not members yet */
    public int add(DeviceGroup group, Collection<UUID> deviceIds) {
        if (deviceIds.isEmpty()) {
            return 0;
        }
        return Panache.getEntityManager().createNativeQuery("""
                        INSERT INTO group_memberships (tenant_id, group_id, device_id)
                        SELECT ?1, ?2, d.id FROM devices d WHERE d.tenant_id = ?1 AND d.id = ANY (?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, group.tenantId).setParameter(2, group.id).setParameter(3, deviceIds.toArray(UUID[]::new))
                .executeUpdate();
    }

    /** Adds every active device of the group's tenant whose attributes contain all the given pairs. */
    public int addMatching(DeviceGroup group, Map<String, String> attributes) {
        String match;
        try {
            match = json.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON", e);
        }
        return Panache.getEntityManager().createNativeQuery("""
                        INSERT INTO group_memberships (tenant_id, group_id, device_id)
                        SELECT ?1, ?2, d.id FROM devices d
                        WHERE d.tenant_id = ?1 AND d.status = 'active' AND d.attributes @> CAST(?3 AS jsonb)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, group.tenantId).setParameter(2, group.id).setParameter(3, match)
                .executeUpdate();
    }

    public int remove(DeviceGroup group, Collection<UUID> deviceIds) {
        if (deviceIds.isEmpty()) {
            return 0;
        }
        return Panache.getEntityManager().createNativeQuery("""
                        DELETE FROM group_memberships WHERE tenant_id = ?1 AND group_id = ?2 AND device_id = ANY (?3)""")
                .setParameter(1, group.tenantId).setParameter(2, group.id).setParameter(3, deviceIds.toArray(UUID[]::new))
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    public List<UUID> members(DeviceGroup group) {
        return Panache.getEntityManager().createNativeQuery("""
                        SELECT device_id FROM group_memberships WHERE tenant_id = ?1 AND group_id = ?2 ORDER BY device_id""")
                .setParameter(1, group.tenantId).setParameter(2, group.id)
                .getResultList();
    }

    @SuppressWarnings("unchecked")
    public List<String> groupNamesOf(Device device) {
        return Panache.getEntityManager().createNativeQuery("""
                        SELECT g.name FROM group_memberships m JOIN device_groups g ON g.id = m.group_id
                        WHERE m.tenant_id = ?1 AND m.device_id = ?2 ORDER BY g.name""")
                .setParameter(1, device.tenantId).setParameter(2, device.id)
                .getResultList();
    }

    /** Whether the device is a member of a group flagged as a pilot group. */
    public boolean inPilotGroup(Device device) {
        return !Panache.getEntityManager().createNativeQuery("""
                        SELECT 1 FROM group_memberships m JOIN device_groups g ON g.id = m.group_id AND g.pilot
                        WHERE m.tenant_id = ?1 AND m.device_id = ?2 LIMIT 1""")
                .setParameter(1, device.tenantId).setParameter(2, device.id)
                .getResultList().isEmpty();
    }
}
