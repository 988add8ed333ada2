package dev.ringmaster.schedule.policycode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.policy.PilotGroups;
import dev.ringmaster.policy.Policies;
import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.policy.UpdatePolicy;
import dev.ringmaster.release.Product;
import dev.ringmaster.sample.TenantDocument;
import dev.ringmaster.api.input.InputText;
import dev.ringmaster.api.input.StrictJson;
import dev.ringmaster.sample.TenantDocumentValidator;
import dev.ringmaster.schedule.store.PolicyPreviews;
import dev.ringmaster.schedule.store.ReleaseWindows;
import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.tenancy.DeviceGroup;
import dev.ringmaster.tenancy.GroupResource;
import dev.ringmaster.tenancy.Groups;
import dev.ringmaster.tenancy.Tenant;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Policy as code: the caller's tenant's groups (members by device external id), pilot flags and update policies as
 * one document in the format of {@code tenants-sample/}, exported and imported (docs/windows.md, "Policy as code").
 *
 * <p>Import is declarative for groups (a group missing from the document is deleted, members are set to exactly the
 * listed devices) and per product for policies (a listed product's policy is replaced; products not listed keep
 * theirs, so a document about one product cannot silently reset the others). Everything goes through the same
 * services the API uses, so every change is validated and audited as usual, inside one transaction: any error
 * changes nothing. Release windows are recomputed once at the end.
 */
@ApplicationScoped
public class PolicyCode {

    static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    @Inject
    CurrentCaller caller;

    @Inject
    Groups groups;

    @Inject
    Policies policies;

    @Inject
    PilotGroups pilotGroups;

    @Inject
    PolicyPreviews previews;

    @Inject
    ReleaseWindows windows;

    @Inject
    AuditLog audit;

    public record GroupChange(String name, List<String> fields, List<String> devicesAdded, List<String> devicesRemoved) {
    }

    public record Diff(List<String> groupsAdded, List<String> groupsRemoved, List<GroupChange> groupsChanged,
                       List<String> policiesChanged, List<String> policiesUnchanged) {

        boolean isEmpty() {
            return groupsAdded.isEmpty() && groupsRemoved.isEmpty() && groupsChanged.isEmpty() && policiesChanged.isEmpty();
        }
    }

    /**
     * @param previews        per changed product: what the new policy does to the tenant's devices
     * @param previewsSkipped per changed product that could not be previewed before its groups exist: why
     */
    public record ImportResult(boolean dryRun, boolean applied, Diff diff, Map<String, PolicyPreviews.Preview> previews,
                               Map<String, String> previewsSkipped) {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return StrictJson.apply(mapper.registerModule(new JavaTimeModule()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    }

    @Transactional
    public TenantDocument export() {
        String tenantId = caller.tenantId();
        Tenant tenant = Tenant.findOptional(tenantId).orElseThrow();
        Map<UUID, String> externalIds = externalIds(tenantId);
        List<TenantDocument.GroupEntry> groupEntries = new ArrayList<>();
        for (DeviceGroup group : DeviceGroup.<DeviceGroup>list("tenantId = ?1 order by name", tenantId)) {
            groupEntries.add(new TenantDocument.GroupEntry(group.name, group.description, group.pilot,
                    members(tenantId, group.id).stream().map(externalIds::get).filter(Objects::nonNull).sorted().toList()));
        }
        List<TenantDocument.PolicyEntry> policyEntries = UpdatePolicy.<UpdatePolicy>list("tenantId", tenantId).stream()
                .sorted(Comparator.comparing(policy -> policy.product.key))
                .map(policy -> entry(policy.product.key, PolicyDocument.of(policy, pilotGroups.names(policy))))
                .toList();
        return new TenantDocument(new TenantDocument.TenantEntry(tenant.id, tenant.name, tenant.timeZone,
                tenant.internal ? Boolean.TRUE : null), List.of(), groupEntries, policyEntries);
    }

    public String write(TenantDocument document, boolean yaml) {
        try {
            return (yaml ? YAML : JSON).writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (Exception e) {
            throw new IllegalStateException("the tenant document cannot be written", e);
        }
    }

    /** Reads a document sent as YAML or JSON; a document that does not parse is a 422 naming the problem. */
    public TenantDocument read(String body, boolean yaml) {
        if (body == null || body.isBlank()) {
            throw new UnprocessableException("(body)", "a tenant document is required");
        }
        String refusal = InputText.refusal(body);
        if (refusal != null) {
            throw new UnprocessableException("(body)", refusal);
        }
        try {
            return (yaml ? YAML : JSON).readValue(body, TenantDocument.class);
        } catch (Exception e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            throw new UnprocessableException("(body)", "not a tenant document: " + message);
        }
    }

    @Transactional
    public ImportResult importDocument(TenantDocument document, boolean dryRun, Instant now) {
        String tenantId = caller.tenantId();
        Tenant tenant = Tenant.findOptional(tenantId).orElseThrow();
        Map<UUID, String> externalIds = externalIds(tenantId);
        Map<String, UUID> deviceIds = externalIds.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        validate(document, tenant, deviceIds);

        Map<String, DeviceGroup> existing = DeviceGroup.<DeviceGroup>list("tenantId", tenantId).stream()
                .collect(Collectors.toMap(group -> group.name, group -> group, (a, b) -> a, TreeMap::new));
        Diff diff = diff(tenantId, document, existing, externalIds);

        Map<String, PolicyPreviews.Preview> shown = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (TenantDocument.PolicyEntry entry : document.policies()) {
            if (!diff.policiesChanged().contains(entry.product())) {
                continue;
            }
            try {
                shown.put(entry.product(), previews.preview(entry.product(), entry.document(), now));
            } catch (UnprocessableException notYet) {
                skipped.put(entry.product(), "its pilot groups are created or made pilot groups by this import; "
                        + "preview it after applying");
            }
        }
        if (dryRun || diff.isEmpty()) {
            return new ImportResult(dryRun, false, diff, shown, skipped);
        }
        windows.batched(() -> {
            apply(tenantId, document, existing, deviceIds);
            return null;
        });
        audit.record(tenantId, "policy.import", "tenant", tenantId, null, Map.of("groupsAdded", diff.groupsAdded(),
                "groupsRemoved", diff.groupsRemoved(), "groupsChanged", diff.groupsChanged().stream().map(GroupChange::name).toList(),
                "policiesChanged", diff.policiesChanged()));
        return new ImportResult(false, true, diff, shown, skipped);
    }

    private void validate(TenantDocument document, Tenant tenant, Map<String, UUID> deviceIds) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (document.tenant() != null && document.tenant().slug() != null && !document.tenant().slug().equals(tenant.id)) {
            errors.add(new Problem.FieldError("tenant.slug", "the document is for tenant '" + document.tenant().slug()
                    + "', but you act for '" + tenant.id + "'"));
        }
        if (document.tenant() != null && document.tenant().internal() != null && document.tenant().internal() != tenant.internal) {
            errors.add(new Problem.FieldError("tenant.internal", "only the vendor flags a tenant internal; it is "
                    + tenant.internal + " here"));
        }
        if (!document.devices().isEmpty()) {
            errors.add(new Problem.FieldError("devices", "devices are not imported here; use POST /api/v1/devices/import"));
        }
        // The sample rules check group members against the document's devices: here those are the tenant's devices.
        TenantDocument checked = new TenantDocument(new TenantDocument.TenantEntry(tenant.id, tenant.name, tenant.timeZone),
                deviceIds.keySet().stream().map(id -> new TenantDocument.DeviceEntry(id, id, null, null, null)).toList(),
                document.groups(), document.policies());
        Set<String> products = Product.<Product>listAll().stream().map(product -> product.key).collect(Collectors.toSet());
        for (String error : TenantDocumentValidator.validate(checked, products)) {
            int colon = error.indexOf(": ");
            errors.add(colon < 0 ? new Problem.FieldError("(body)", error)
                    : new Problem.FieldError(error.substring(0, colon), error.substring(colon + 2)));
        }
        for (int i = 0; i < document.groups().size(); i++) {
            String description = document.groups().get(i).description();
            if (description != null && description.length() > 500) {
                errors.add(new Problem.FieldError("groups[" + i + "].description", "at most 500 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
    }

    private Diff diff(String tenantId, TenantDocument document, Map<String, DeviceGroup> existing, Map<UUID, String> externalIds) {
        List<String> added = new ArrayList<>();
        List<GroupChange> changed = new ArrayList<>();
        for (TenantDocument.GroupEntry entry : document.groups()) {
            DeviceGroup group = existing.get(entry.name());
            if (group == null) {
                added.add(entry.name());
                continue;
            }
            List<String> fields = new ArrayList<>();
            if (!Objects.equals(blankToNull(group.description), blankToNull(entry.description()))) {
                fields.add("description");
            }
            if (group.pilot != entry.pilot()) {
                fields.add("pilot");
            }
            Set<String> now = members(tenantId, group.id).stream().map(externalIds::get).collect(Collectors.toSet());
            Set<String> wanted = Set.copyOf(entry.devices() == null ? List.of() : entry.devices());
            List<String> devicesAdded = wanted.stream().filter(id -> !now.contains(id)).sorted().toList();
            List<String> devicesRemoved = now.stream().filter(id -> !wanted.contains(id)).sorted().toList();
            if (!fields.isEmpty() || !devicesAdded.isEmpty() || !devicesRemoved.isEmpty()) {
                changed.add(new GroupChange(entry.name(), fields, devicesAdded, devicesRemoved));
            }
        }
        Set<String> named = document.groups().stream().map(TenantDocument.GroupEntry::name).collect(Collectors.toSet());
        List<String> removed = existing.keySet().stream().filter(name -> !named.contains(name)).toList();

        Map<String, PolicyDocument> stored = new HashMap<>();
        for (UpdatePolicy policy : UpdatePolicy.<UpdatePolicy>list("tenantId", tenantId)) {
            stored.put(policy.product.key, PolicyDocument.of(policy, pilotGroups.names(policy)));
        }
        List<String> policiesChanged = new ArrayList<>();
        List<String> policiesUnchanged = new ArrayList<>();
        for (TenantDocument.PolicyEntry entry : document.policies()) {
            PolicyDocument before = stored.getOrDefault(entry.product(), PolicyDocument.safeDefault());
            (normal(before).equals(normal(entry.document())) ? policiesUnchanged : policiesChanged).add(entry.product());
        }
        return new Diff(added, removed, changed, policiesChanged, policiesUnchanged);
    }

    private void apply(String tenantId, TenantDocument document, Map<String, DeviceGroup> existing, Map<String, UUID> deviceIds) {
        for (TenantDocument.GroupEntry entry : document.groups()) {
            DeviceGroup group = existing.get(entry.name());
            UUID id;
            if (group == null) {
                id = groups.create(new GroupResource.CreateGroup(entry.name(), entry.description(), entry.pilot())).id();
            } else {
                id = group.id;
                if (!Objects.equals(blankToNull(group.description), blankToNull(entry.description())) || group.pilot != entry.pilot()) {
                    groups.change(id, new GroupResource.ChangeGroup(null, entry.description(), entry.pilot()));
                }
            }
            if (group != null && group.attributeFilter != null) {
                // A dynamic group's members follow its attribute filter, which documents do not carry (yet).
                continue;
            }
            Set<UUID> now = Set.copyOf(members(tenantId, id));
            Set<UUID> wanted = (entry.devices() == null ? List.<String>of() : entry.devices()).stream()
                    .map(deviceIds::get).collect(Collectors.toSet());
            List<UUID> add = wanted.stream().filter(device -> !now.contains(device)).toList();
            List<UUID> remove = now.stream().filter(device -> !wanted.contains(device)).toList();
            if (!add.isEmpty()) {
                groups.addMembers(id, new GroupResource.MemberChange(add, null));
            }
            if (!remove.isEmpty()) {
                groups.removeMembers(id, new GroupResource.MemberChange(remove, null));
            }
        }
        Panache.getEntityManager().flush();
        for (TenantDocument.PolicyEntry entry : document.policies()) {
            policies.replace(entry.product(), entry.document(), null);
        }
        Set<String> named = document.groups().stream().map(TenantDocument.GroupEntry::name).collect(Collectors.toSet());
        for (DeviceGroup group : existing.values()) {
            if (!named.contains(group.name)) {
                groups.delete(group.id);
            }
        }
    }

    private static TenantDocument.PolicyEntry entry(String product, PolicyDocument policy) {
        PolicyDocument.Pilot pilot = policy.pilot();
        TenantDocument.PilotEntry pilotEntry = pilot == null ? null : new TenantDocument.PilotEntry(pilot.groups(),
                pilot.deferral(), pilot.gate() == null ? null : new TenantDocument.PilotGateEntry(pilot.gate().minSucceeded(),
                        pilot.gate().maxFailureRate(), pilot.gate().soak()));
        return new TenantDocument.PolicyEntry(product, policy.mode(), policy.pinnedVersion(), policy.pinExpiresAt(),
                policy.deferral(), pilotEntry, policy.maintenanceWindows(), policy.freezes(), policy.maxConcurrent(),
                policy.paused());
    }

    /** The document with every default filled in, as a JSON tree, so equal meaning compares equal. */
    private static JsonNode normal(PolicyDocument policy) {
        PolicyDocument.Pilot pilot = policy.pilot();
        PolicyDocument.Gate gate = pilot == null ? null : pilot.gate();
        PolicyDocument filled = new PolicyDocument(policy.mode(), policy.pinnedVersion(), policy.pinExpiresAt(),
                orZero(policy.deferral()),
                new PolicyDocument.Pilot(pilot == null || pilot.groups() == null ? List.of() : pilot.groups().stream().sorted().toList(),
                        pilot == null ? Duration.ZERO : orZero(pilot.deferral()),
                        new PolicyDocument.Gate(gate == null ? 0 : gate.minSucceeded(),
                                number(gate == null ? null : gate.maxFailureRate(), BigDecimal.ZERO),
                                gate == null ? Duration.ZERO : orZero(gate.soak()))),
                policy.maintenanceWindows() == null ? List.of() : policy.maintenanceWindows(),
                policy.freezes() == null ? List.of() : policy.freezes(),
                number(policy.maxConcurrent(), BigDecimal.ONE), policy.paused());
        return JSON.valueToTree(filled);
    }

    private static BigDecimal number(BigDecimal value, BigDecimal otherwise) {
        BigDecimal chosen = value == null ? otherwise : value;
        return chosen.signum() == 0 ? BigDecimal.ZERO : chosen.stripTrailingZeros();
    }

    private static Duration orZero(Duration duration) {
        return duration == null ? Duration.ZERO : duration;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @SuppressWarnings("unchecked")
    private static Map<UUID, String> externalIds(String tenantId) {
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("SELECT id, external_id FROM devices WHERE tenant_id = ?1 AND status = 'active'")
                .setParameter(1, tenantId).getResultList();
        Map<UUID, String> ids = new HashMap<>();
        rows.forEach(row -> ids.put((UUID) row[0], (String) row[1]));
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<UUID> members(String tenantId, UUID groupId) {
        return Panache.getEntityManager()
                .createNativeQuery("SELECT device_id FROM group_memberships WHERE tenant_id = ?1 AND group_id = ?2")
                .setParameter(1, tenantId).setParameter(2, groupId).getResultList();
    }
}
