package dev.ringmaster.tenancy;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The caller's tenant's groups and their members. Every change is audited. */
@ApplicationScoped
public class Groups {

    @Inject
    CurrentCaller caller;

    @Inject
    Devices devices;

    @Inject
    GroupMembers members;

    @Inject
    DynamicGroups dynamicGroups;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<TenantDevicesChanged> devicesChanged;

    @Transactional
    @SuppressWarnings("unchecked")
    public List<GroupResource.GroupView> list() {
        List<Object[]> counts = Panache.getEntityManager().createNativeQuery("""
                        SELECT group_id, count(*) FROM group_memberships WHERE tenant_id = ?1 GROUP BY group_id""")
                .setParameter(1, caller.tenantId()).getResultList();
        Map<UUID, Long> byGroup = new HashMap<>();
        counts.forEach(row -> byGroup.put((UUID) row[0], ((Number) row[1]).longValue()));
        return DeviceGroup.<DeviceGroup>list("tenantId = ?1 order by name", caller.tenantId()).stream()
                .map(group -> new GroupResource.GroupView(group.id, group.name, group.description, group.pilot,
                        byGroup.getOrDefault(group.id, 0L), group.updatedAt, group.attributeFilter))
                .toList();
    }

    @Transactional
    public GroupResource.GroupDetail create(GroupResource.CreateGroup request) {
        String tenantId = caller.tenantId();
        String name = request.name().strip();
        Optional<AttributeFilter> filter = Optional.ofNullable(request.attributeFilter())
                .map(raw -> AttributeFilter.of("attributeFilter", raw));
        requireFreeName(tenantId, name);
        Instant now = clock.instant();
        DeviceGroup group = new DeviceGroup();
        group.id = UUID.randomUUID();
        group.tenantId = tenantId;
        group.name = name;
        group.description = request.description();
        group.pilot = request.pilot();
        group.attributeFilter = filter.map(AttributeFilter::values).orElse(null);
        group.createdAt = now;
        group.updatedAt = now;
        group.persist();
        audit.record(tenantId, "group.create", "group", group.id, null, state(group));
        if (filter.isPresent()) {
            DeviceGroup.flush();
            if (dynamicGroups.refill(group) > 0 && group.pilot) {
                devicesChanged.fire(TenantDevicesChanged.everyDevice(tenantId));
            }
        }
        return detail(group);
    }

    @Transactional
    public GroupResource.GroupDetail detail(UUID id) {
        return detail(owned(id));
    }

    @Transactional
    public GroupResource.GroupDetail change(UUID id, GroupResource.ChangeGroup request) {
        DeviceGroup group = owned(id);
        Optional<AttributeFilter> filter = Optional.ofNullable(request.attributeFilter())
                .map(raw -> AttributeFilter.of("attributeFilter", raw));
        if (filter.isPresent() && group.attributeFilter == null) {
            throw new ConflictException("group '" + group.name + "' has members picked by hand; a filter defines a new group");
        }
        Map<String, Object> before = state(group);
        if (request.name() != null && !request.name().strip().equals(group.name)) {
            requireFreeName(group.tenantId, request.name().strip());
            group.name = request.name().strip();
        }
        if (request.description() != null) {
            group.description = request.description();
        }
        if (request.pilot() != null) {
            group.pilot = request.pilot();
        }
        filter.ifPresent(changed -> group.attributeFilter = changed.values());
        group.updatedAt = clock.instant();
        audit.record(group.tenantId, "group.change", "group", group.id, before, state(group));
        int moved = 0;
        if (filter.isPresent()) {
            DeviceGroup.flush();
            moved = dynamicGroups.refill(group);
        }
        if (!before.get("pilot").equals(group.pilot) || (group.pilot && moved > 0)) {
            devicesChanged.fire(TenantDevicesChanged.everyDevice(group.tenantId));
        }
        return detail(group);
    }

    @Transactional
    public void delete(UUID id) {
        DeviceGroup group = owned(id);
        audit.record(group.tenantId, "group.delete", "group", group.id, state(group), null);
        group.delete();
        if (group.pilot) {
            devicesChanged.fire(TenantDevicesChanged.everyDevice(group.tenantId));
        }
    }

    @Transactional
    public int addMembers(UUID id, GroupResource.MemberChange request) {
        DeviceGroup group = pickedByHand(owned(id));
        int added;
        if (request.matchAttributes() != null && !request.matchAttributes().isEmpty()) {
            if (request.deviceIds() != null && !request.deviceIds().isEmpty()) {
                throw new UnprocessableException("matchAttributes", "give either deviceIds or matchAttributes, not both");
            }
            added = members.addMatching(group, request.matchAttributes());
            audit.record(group.tenantId, "group.add-matching", "group", group.id, null,
                    Map.of("matchAttributes", request.matchAttributes(), "added", added));
        } else {
            List<UUID> ids = requireOwnDevices(request);
            added = members.add(group, ids);
            audit.record(group.tenantId, "group.add-members", "group", group.id, null, Map.of("deviceIds", ids, "added", added));
        }
        group.updatedAt = clock.instant();
        if (group.pilot && added > 0) {
            // A pilot group's members move its tenant's pilot gate, which every other device waits for.
            devicesChanged.fire(TenantDevicesChanged.everyDevice(group.tenantId));
        }
        return added;
    }

    /** The most devices one "add every device the filter matches" takes, as many as one explicit member change. */
    public static final int MAX_FOUND = 10_000;

    /**
     * Adds every device of the caller's tenant that the filter matches (its sort and page are ignored), as the
     * console's "add all matching" does. A filter matching more than {@link #MAX_FOUND} devices changes nothing.
     */
    @Transactional
    public int addFound(UUID id, Devices.Query filter) {
        DeviceGroup group = owned(id);
        List<UUID> ids = devices.matchingIds(filter, MAX_FOUND);
        if (ids.size() > MAX_FOUND) {
            throw new UnprocessableException("filter", "matches more than " + MAX_FOUND + " devices; narrow it");
        }
        int added = members.add(group, ids);
        Map<String, Object> described = new HashMap<>();
        filter.text().ifPresent(text -> described.put("text", text));
        filter.group().ifPresent(name -> described.put("group", name));
        filter.status().ifPresent(status -> described.put("status", status.name()));
        audit.record(group.tenantId, "group.add-found", "group", group.id, null,
                Map.of("filter", described, "matched", ids.size(), "added", added));
        group.updatedAt = clock.instant();
        if (group.pilot && added > 0) {
            devicesChanged.fire(TenantDevicesChanged.everyDevice(group.tenantId));
        }
        return added;
    }

    @Transactional
    public int removeMembers(UUID id, GroupResource.MemberChange request) {
        DeviceGroup group = pickedByHand(owned(id));
        List<UUID> ids = requireOwnDevices(request);
        int removed = members.remove(group, ids);
        audit.record(group.tenantId, "group.remove-members", "group", group.id, Map.of("deviceIds", ids), Map.of("removed", removed));
        group.updatedAt = clock.instant();
        if (group.pilot && removed > 0) {
            devicesChanged.fire(TenantDevicesChanged.everyDevice(group.tenantId));
        }
        return removed;
    }

    private List<UUID> requireOwnDevices(GroupResource.MemberChange request) {
        List<UUID> ids = request.deviceIds() == null ? List.of() : request.deviceIds().stream().distinct().toList();
        if (ids.isEmpty()) {
            throw new UnprocessableException("deviceIds", "name at least one device, or use matchAttributes");
        }
        List<UUID> missing = devices.missing(ids);
        if (!missing.isEmpty()) {
            // Another tenant's device ids answer exactly like ids that do not exist.
            throw new NotFoundException("no device " + missing.getFirst());
        }
        return ids;
    }

    private static DeviceGroup pickedByHand(DeviceGroup group) {
        if (group.attributeFilter != null) {
            throw new ConflictException("group '" + group.name + "' is dynamic: its members follow its attribute filter");
        }
        return group;
    }

    private void requireFreeName(String tenantId, String name) {
        if (DeviceGroup.find(tenantId, name).isPresent()) {
            throw new ConflictException("a group named '" + name + "' already exists");
        }
    }

    private DeviceGroup owned(UUID id) {
        return DeviceGroup.<DeviceGroup>find("tenantId = ?1 and id = ?2", caller.tenantId(), id).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no group " + id));
    }

    private GroupResource.GroupDetail detail(DeviceGroup group) {
        return new GroupResource.GroupDetail(group.id, group.name, group.description, group.pilot, members.members(group), group.updatedAt,
                group.attributeFilter);
    }

    private static Map<String, Object> state(DeviceGroup group) {
        Map<String, Object> state = new HashMap<>();
        state.put("name", group.name);
        state.put("description", group.description);
        state.put("pilot", group.pilot);
        state.put("attributeFilter", group.attributeFilter);
        return state;
    }
}
