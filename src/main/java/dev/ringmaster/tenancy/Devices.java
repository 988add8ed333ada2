package dev.ringmaster.tenancy;

import dev.ringmaster.api.Page;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.device.ConfigDataStamps;
import dev.ringmaster.device.ConfigDataWanted;
import dev.ringmaster.device.feedback.DeviceHistory;
import dev.ringmaster.error.ConflictException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The caller's tenant's devices: finding, renaming, retiring. */
@ApplicationScoped
public class Devices {

    /** Sort keys the API accepts, and the fields they sort by. */
    /** How long a re-provisioning waits for the device to enroll again. */
    static final Duration REPROVISION_WINDOW = Duration.ofHours(24);

    static final Map<String, String> SORTABLE = Map.of("deviceId", "externalId", "name", "name", "lastSeenAt", "lastSeenAt",
            "createdAt", "createdAt");

    /** A filtered, sorted, paged query; {@code sort} is a key of {@link #SORTABLE}, '-' first for descending. */
    public record Query(Optional<String> text, Optional<String> group, Optional<DeviceStatus> status,
                        Optional<AttributeFilter> attributes, String sort, int page, int size) {

        public Query(Optional<String> text, Optional<String> group, Optional<DeviceStatus> status, String sort, int page, int size) {
            this(text, group, status, Optional.empty(), sort, page, size);
        }
    }

    @Inject
    ConfigDataStamps configDataStamps;

    @Inject
    CurrentCaller caller;

    @Inject
    InstalledVersions installedVersions;

    @Inject
    GroupMembers groupMembers;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<TenantDevicesChanged> devicesChanged;

    @Inject
    DeviceHistory history;

    @Transactional
    public Page<DeviceViews.Summary> find(Query query) {
        Map<String, Object> parameters = new HashMap<>();
        String where = where(query, parameters);
        boolean descending = query.sort().startsWith("-");
        String field = SORTABLE.get(descending ? query.sort().substring(1) : query.sort());
        Sort sort = Sort.by(field, descending ? Sort.Direction.Descending : Sort.Direction.Ascending).and("externalId");
        var found = Device.<Device>find(where, sort, parameters).page(query.page(), query.size());
        List<DeviceViews.Summary> items = found.list().stream().map(DeviceViews.Summary::of).toList();
        return new Page<>(items, query.page(), query.size(), found.count());
    }

    /**
     * Ids of every device the query's filters match (its sort and page are ignored), at most {@code limit + 1}
     * so a caller can tell that more matched than it will take.
     */
    @Transactional
    public List<UUID> matchingIds(Query query, int limit) {
        Map<String, Object> parameters = new HashMap<>();
        String where = where(query, parameters);
        return Device.<Device>find(where, Sort.by("externalId"), parameters).range(0, limit).stream()
                .map(device -> device.id).toList();
    }

    private String where(Query query, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        parameters.put("tenant", caller.tenantId());
        query.text().ifPresent(text -> {
            where.append(" and (lower(externalId) like :text or lower(name) like :text)");
            parameters.put("text", "%" + text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        query.status().ifPresent(status -> {
            where.append(" and status = :status");
            parameters.put("status", status);
        });
        query.attributes().ifPresent(filter -> {
            int pair = 0;
            for (Map.Entry<String, String> wanted : filter.values().entrySet()) {
                where.append(" and function('jsonb_extract_path_text', attributes, :attributeKey").append(pair)
                        .append(") = :attributeValue").append(pair);
                parameters.put("attributeKey" + pair, wanted.getKey());
                parameters.put("attributeValue" + pair, wanted.getValue());
                pair++;
            }
        });
        query.group().ifPresent(group -> {
            where.append(" and id in (select m.deviceId from GroupMembership m, DeviceGroup g"
                    + " where m.groupId = g.id and g.tenantId = :tenant and g.name = :group)");
            parameters.put("group", group);
        });
        return where.toString();
    }

    @Transactional
    public DeviceViews.Detail detail(UUID id) {
        Device device = owned(id);
        return new DeviceViews.Detail(device.id, device.externalId, device.name, device.timeZone, device.status,
                device.tokenHash != null, device.enrolledAt, device.lastSeenAt, listed(device),
                installedVersions.of(device), groupMembers.groupNamesOf(device), device.createdAt);
    }

    /** The well-known attributes first, then the free ones by name. */
    private static Map<String, String> listed(Device device) {
        Map<String, String> listed = new java.util.LinkedHashMap<>();
        new DeviceAttributes(device.attributes).listed().forEach(entry -> listed.put(entry.getKey(), entry.getValue()));
        return java.util.Collections.unmodifiableMap(listed);
    }

    @Transactional
    public DeviceViews.Detail rename(UUID id, String name) {
        Device device = owned(id);
        String before = device.name;
        device.name = name.strip();
        device.updatedAt = clock.instant();
        audit.record(device.tenantId, "device.rename", "device", device.id, Map.of("name", before), Map.of("name", device.name));
        return detail(id);
    }

    /** The device's events, newest first. */
    @Transactional
    public List<DeviceHistory.Entry> history(UUID id, int limit) {
        Device device = owned(id);
        return history.of(device.tenantId, device.id, limit);
    }

    /**
     * Asks the device for its attributes: its next DDI poll links {@code configData} (see
     * {@link ConfigDataWanted}). Audited.
     */
    @Transactional
    public void requestAttributes(UUID id) {
        Device device = owned(id);
        Instant now = clock.instant();
        // Forgotten before the commit, so this replica's next poll of the device reads it; other replicas hear of it (V27).
        configDataStamps.forget(device.id);
        Device.getEntityManager().createNativeQuery("UPDATE devices SET config_data_requested_at = ?1 WHERE tenant_id = ?2 AND id = ?3")
                .setParameter(1, now.atOffset(ZoneOffset.UTC)).setParameter(2, device.tenantId).setParameter(3, device.id)
                .executeUpdate();
        audit.record(device.tenantId, "device.request-attributes", "device", device.id, null, Map.of("requestedAt", now.toString()));
    }

    /** Retiring revokes the device's token at once; the device and its history stay. */
    @Transactional
    public DeviceViews.Detail retire(UUID id) {
        Device device = owned(id);
        if (device.status == DeviceStatus.retired) {
            throw new ConflictException("device " + device.externalId + " is already retired");
        }
        device.status = DeviceStatus.retired;
        device.tokenHash = null;
        device.updatedAt = clock.instant();
        audit.record(device.tenantId, "device.retire", "device", device.id, Map.of("status", "active"), Map.of("status", "retired"));
        // A retired pilot no longer counts in its tenant's pilot gate, which every other device may wait for.
        devicesChanged.fire(groupMembers.inPilotGroup(device) ? TenantDevicesChanged.everyDevice(device.tenantId)
                : TenantDevicesChanged.devices(device.tenantId, List.of(device.id)));
        return detail(id);
    }

    /** A device open to one enrollment without its current token, until {@code reprovisionUntil}. */
    public record Reprovisioned(UUID id, String deviceId, Instant reprovisionUntil) {
    }

    /** The next enrollment of the device's id, within the window, needs no proof (see device/EnrollmentProof). */
    @Transactional
    public Reprovisioned reprovision(UUID id) {
        Device device = owned(id);
        if (device.status == DeviceStatus.retired) {
            throw new ConflictException("device " + device.externalId + " is retired and cannot enroll again");
        }
        Instant before = device.reprovisionUntil;
        device.reprovisionUntil = clock.instant().plus(REPROVISION_WINDOW);
        device.updatedAt = clock.instant();
        audit.record(device.tenantId, "device.reprovision", "device", device.id,
                before == null ? null : Map.of("reprovisionUntil", before.toString()),
                Map.of("deviceId", device.externalId, "reprovisionUntil", device.reprovisionUntil.toString()));
        return new Reprovisioned(device.id, device.externalId, device.reprovisionUntil);
    }

    /** The device, if it belongs to the caller's tenant; anyone else's answers exactly like a missing one. */
    Device owned(UUID id) {
        return Device.<Device>find("tenantId = ?1 and id = ?2", caller.tenantId(), id).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no device " + id));
    }

    /** Ids of the caller's tenant's devices among {@code ids}; used to refuse foreign ids. */
    List<UUID> missing(List<UUID> ids) {
        List<UUID> known = Device.<Device>find("tenantId = ?1 and id in ?2", caller.tenantId(), ids).stream().map(d -> d.id).toList();
        List<UUID> missing = new ArrayList<>(ids);
        missing.removeAll(known);
        return missing;
    }
}
