package dev.ringmaster.tenancy;

import dev.ringmaster.api.CsvReader;
import dev.ringmaster.api.IanaZone;
import dev.ringmaster.api.SafeText;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Bulk import of devices from CSV. Every row is checked first; if any row is wrong, nothing is written and
 * every problem comes back with its row and column. Otherwise devices are created or updated (name, zone,
 * attributes merged) and added to the named groups, in one transaction.
 *
 * <p>Columns: {@code deviceId} (required), {@code name}, {@code timeZone}, {@code groups} (names separated
 * by {@code |}), and any number of {@code attr.<key>} columns for attributes.
 */
@ApplicationScoped
public class DeviceImport {

    static final int MAX_ROWS = 10_000;
    private static final Pattern DEVICE_ID = Pattern.compile(Device.EXTERNAL_ID_REGEX);
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("attr\\.[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> KNOWN = Set.of("deviceId", "name", "timeZone", "groups");

    public record Result(boolean dryRun, int created, int updated, List<Problem.FieldError> errors) {
    }

    private record Line(int row, String deviceId, String name, String timeZone, List<String> groups, Map<String, String> attributes) {
    }

    @Inject
    CurrentCaller caller;

    @Inject
    GroupMembers groupMembers;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<TenantDevicesChanged> devicesChanged;

    @Inject
    AttributeChanges attributeChanges;

    @Transactional
    public Result importCsv(String csv, boolean dryRun) {
        String tenantId = caller.tenantId();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.read(csv);
        } catch (IllegalArgumentException e) {
            return new Result(dryRun, 0, 0, List.of(new Problem.FieldError("csv", e.getMessage())));
        }
        if (rows.isEmpty()) {
            return new Result(dryRun, 0, 0, List.of(new Problem.FieldError("csv", "empty: a header row with deviceId is required")));
        }
        List<String> header = rows.getFirst().fields().stream().map(String::strip).toList();
        for (String column : header) {
            if (!KNOWN.contains(column) && !ATTRIBUTE_KEY.matcher(column).matches()) {
                errors.add(new Problem.FieldError("header." + column, "unknown column; use deviceId, name, timeZone, groups or attr.<key>"));
            }
        }
        if (!header.contains("deviceId")) {
            errors.add(new Problem.FieldError("header", "the deviceId column is required"));
        }
        if (rows.size() - 1 > MAX_ROWS) {
            errors.add(new Problem.FieldError("csv", "at most " + MAX_ROWS + " rows per import"));
        }
        if (!errors.isEmpty()) {
            return new Result(dryRun, 0, 0, errors);
        }

        Map<String, DeviceGroup> groups = new HashMap<>();
        DeviceGroup.<DeviceGroup>list("tenantId", tenantId).forEach(group -> groups.put(group.name, group));
        List<Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            // A dynamic group's members follow its filter: the file cannot name them.
            Set<String> pickable = new HashSet<>();
            groups.values().stream().filter(group -> group.attributeFilter == null).forEach(group -> pickable.add(group.name));
            Line line = parse(row, header, pickable, seen, errors);
            if (line != null) {
                lines.add(line);
            }
        }
        Map<String, Device> existing = new HashMap<>();
        if (!lines.isEmpty()) {
            Device.<Device>list("tenantId = ?1 and externalId in ?2", tenantId, lines.stream().map(Line::deviceId).toList())
                    .forEach(device -> existing.put(device.externalId, device));
        }
        for (Line line : lines) {
            Device device = existing.get(line.deviceId());
            if (device != null && device.status == DeviceStatus.retired) {
                errors.add(new Problem.FieldError("rows[" + line.row() + "].deviceId", "device " + line.deviceId() + " is retired"));
            }
        }
        int updated = (int) lines.stream().filter(line -> existing.containsKey(line.deviceId())).count();
        int created = lines.size() - updated;
        if (!errors.isEmpty() || dryRun) {
            return new Result(dryRun, errors.isEmpty() ? created : 0, errors.isEmpty() ? updated : 0, errors);
        }
        write(tenantId, lines, existing, groups);
        audit.record(tenantId, "device.import", "devices", tenantId, null, Map.of("created", created, "updated", updated));
        return new Result(false, created, updated, List.of());
    }

    private Line parse(CsvReader.Row row, List<String> header, Set<String> groupNames, Set<String> seen, List<Problem.FieldError> errors) {
        int number = row.line();
        String at = "rows[" + number + "].";
        if (row.fields().size() != header.size()) {
            errors.add(new Problem.FieldError("rows[" + number + "]", "has " + row.fields().size() + " fields, the header has " + header.size()));
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            values.put(header.get(i), row.fields().get(i).strip());
        }
        int before = errors.size();
        String deviceId = values.get("deviceId");
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            errors.add(new Problem.FieldError(at + "deviceId", "1-128 letters, digits, '.', '_', ':' or '-'"));
        } else if (!seen.add(deviceId)) {
            errors.add(new Problem.FieldError(at + "deviceId", "device " + deviceId + " appears twice in the file"));
        }
        String name = blankToNull(values.get("name"));
        if (!SafeText.Rule.accepts(name, 200)) {
            errors.add(new Problem.FieldError(at + "name", "at most 200 characters, none of < > \" ` ; \\ or control characters"));
        }
        String zone = blankToNull(values.get("timeZone"));
        if (zone != null && !IanaZone.Check.isValid(zone)) {
            errors.add(new Problem.FieldError(at + "timeZone", "unknown time zone '" + zone + "'"));
        }
        List<String> groups = new ArrayList<>();
        String groupList = blankToNull(values.get("groups"));
        if (groupList != null) {
            for (String group : groupList.split("\\|")) {
                String trimmed = group.strip();
                if (!groupNames.contains(trimmed)) {
                    errors.add(new Problem.FieldError(at + "groups", "unknown group '" + trimmed + "'"));
                } else {
                    groups.add(trimmed);
                }
            }
        }
        Map<String, Object> raw = new HashMap<>();
        values.forEach((column, value) -> {
            if (column.startsWith("attr.") && !value.isEmpty()) {
                if (!SafeText.Rule.accepts(value, DeviceAttributes.MAX_VALUE_LENGTH)) {
                    errors.add(new Problem.FieldError(at + column, "at most 256 characters, none of < > \" ` ; \\ or control characters"));
                }
                raw.put(column.substring("attr.".length()), value);
            }
        });
        Map<String, String> attributes = Map.of();
        try {
            attributes = DeviceAttributes.parse(at + "attr", raw).values();
        } catch (UnprocessableException e) {
            errors.addAll(e.errors());
        }
        return errors.size() == before ? new Line(number, deviceId, name, zone, groups, attributes) : null;
    }

    private void write(String tenantId, List<Line> lines, Map<String, Device> existing, Map<String, DeviceGroup> groups) {
        Instant now = clock.instant();
        Map<String, List<UUID>> members = new HashMap<>();
        List<UUID> touched = new ArrayList<>();
        for (Line line : lines) {
            Device device = existing.get(line.deviceId());
            if (device == null) {
                device = new Device();
                device.id = UUID.randomUUID();
                device.tenantId = tenantId;
                device.externalId = line.deviceId();
                device.name = line.deviceId();
                device.createdAt = now;
            }
            if (line.name() != null) {
                device.name = line.name();
            }
            if (line.timeZone() != null) {
                device.timeZone = line.timeZone();
            }
            boolean created = !existing.containsKey(line.deviceId());
            if (created) {
                device.attributes = new HashMap<>(line.attributes());
            }
            device.updatedAt = now;
            device.persist();
            if (created) {
                Device.flush();
                attributeChanges.created(device);
            } else {
                attributeChanges.apply(device, new DeviceAttributes(line.attributes()), AttributeChanges.Mode.MERGE, "import",
                        "rows[" + line.row() + "].attr");
            }
            UUID id = device.id;
            touched.add(id);
            line.groups().forEach(group -> members.computeIfAbsent(group, name -> new ArrayList<>()).add(id));
        }
        Device.flush();
        members.forEach((group, ids) -> groupMembers.add(groups.get(group), ids));
        boolean pilotJoined = members.keySet().stream().anyMatch(group -> groups.get(group).pilot);
        devicesChanged.fire(pilotJoined ? TenantDevicesChanged.everyDevice(tenantId)
                : TenantDevicesChanged.devices(tenantId, touched));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
