package dev.ringmaster.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The members of dynamic groups, kept as ordinary membership rows: filled from the filter when a group is defined,
 * and followed whenever a device's attributes change. Callers run in a transaction and recompute windows the way a
 * hand-made membership change does ({@link TenantDevicesChanged}).
 */
@ApplicationScoped
public class DynamicGroups {

    /** What following a device's attributes changed. */
    public record Moved(boolean any, boolean pilot) {

        static final Moved NOTHING = new Moved(false, false);

        Moved and(boolean pilotGroup) {
            return new Moved(true, pilot || pilotGroup);
        }
    }

    @Inject
    ObjectMapper json;

    /** Makes the group's members exactly the tenant's devices its filter matches; @return how many joined or left. */
    public int refill(DeviceGroup group) {
        String filter = group.filter().map(this::json).orElseThrow(() -> new IllegalArgumentException("not a dynamic group"));
        var entityManager = Panache.getEntityManager();
        int left = entityManager.createNativeQuery("""
                        DELETE FROM group_memberships m WHERE m.tenant_id = ?1 AND m.group_id = ?2 AND NOT EXISTS (
                            SELECT 1 FROM devices d WHERE d.tenant_id = ?1 AND d.id = m.device_id AND d.attributes @> CAST(?3 AS jsonb))""")
                .setParameter(1, group.tenantId).setParameter(2, group.id).setParameter(3, filter).executeUpdate();
        int joined = entityManager.createNativeQuery("""
                        INSERT INTO group_memberships (tenant_id, group_id, device_id)
                        SELECT ?1, ?2, d.id FROM devices d WHERE d.tenant_id = ?1 AND d.attributes @> CAST(?3 AS jsonb)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, group.tenantId).setParameter(2, group.id).setParameter(3, filter).executeUpdate();
        return left + joined;
    }

    /** The device joins the dynamic groups of its tenant its attributes now match, and leaves the others. */
    @SuppressWarnings("unchecked")
    public Moved follow(String tenantId, UUID deviceId, DeviceAttributes attributes) {
        List<DeviceGroup> dynamic = DeviceGroup.list("tenantId = ?1 and attributeFilter is not null", tenantId);
        if (dynamic.isEmpty()) {
            return Moved.NOTHING;
        }
        var entityManager = Panache.getEntityManager();
        Set<UUID> memberOf = new HashSet<>(entityManager.createNativeQuery("""
                        SELECT group_id FROM group_memberships WHERE tenant_id = ?1 AND device_id = ?2""")
                .setParameter(1, tenantId).setParameter(2, deviceId).getResultList());
        Moved moved = Moved.NOTHING;
        for (DeviceGroup group : dynamic) {
            boolean belongs = group.filter().orElseThrow().matches(attributes);
            if (belongs == memberOf.contains(group.id)) {
                continue;
            }
            entityManager.createNativeQuery(belongs
                            ? "INSERT INTO group_memberships (tenant_id, group_id, device_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"
                            : "DELETE FROM group_memberships WHERE tenant_id = ?1 AND group_id = ?2 AND device_id = ?3")
                    .setParameter(1, tenantId).setParameter(2, group.id).setParameter(3, deviceId).executeUpdate();
            moved = moved.and(group.pilot);
        }
        return moved;
    }

    private String json(AttributeFilter filter) {
        try {
            return json.writeValueAsString(filter.values());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a filter cannot be written as JSON", e);
        }
    }
}
