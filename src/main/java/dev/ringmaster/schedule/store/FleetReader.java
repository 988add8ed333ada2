package dev.ringmaster.schedule.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;
import dev.ringmaster.rollout.SuccessConfirmation;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.schedule.ReleaseFacts;
import dev.ringmaster.schedule.RingSchedule;
import dev.ringmaster.schedule.TenantPolicy;
import dev.ringmaster.schedule.fleet.DeviceInput;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.ReleaseCandidate;
import dev.ringmaster.schedule.fleet.RolloutFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads the merge's inputs with plain JDBC, a few set-based queries per product however many tenants and devices
 * are involved. Works on whatever connection it is given: row-level security of that connection decides which
 * tenants it sees (all for system work, one for a tenant's request).
 */
public final class FleetReader {

    /** Reads the JSON columns the way {@code JsonColumnFormat} writes them. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final int DEVICE_FETCH = 10_000;

    /**
     * The pilot devices of the product's stored policies: the active members of the groups a policy names that are
     * still flagged as pilot groups. One definition for the devices moved up a ring and for whose reports the pilot
     * gate counts, matching {@link #draft} (a draft may only name pilot groups; it counts active members): a group
     * whose flag was removed, or a retired device, no longer pilots anything, in the stored plan as in a preview.
     */
    private static final String PILOT_DEVICES = """
            SELECT DISTINCT up.tenant_id, m.device_id
            FROM update_policies up
            JOIN policy_pilot_groups pp ON pp.policy_id = up.id AND pp.tenant_id = up.tenant_id
            JOIN device_groups g ON g.id = pp.group_id AND g.tenant_id = up.tenant_id AND g.pilot
            JOIN group_memberships m ON m.group_id = pp.group_id AND m.tenant_id = up.tenant_id
            JOIN devices d ON d.id = m.device_id AND d.tenant_id = up.tenant_id AND d.status = 'active'
            WHERE up.product_id = ?""";

    private final Connection connection;

    public FleetReader(Connection connection) {
        this.connection = connection;
    }

    /** The product's key and the releases its devices can be sent to; empty when the product does not exist. */
    public Optional<ProductFacts> product(UUID productId, Instant now) throws SQLException {
        String key;
        try (PreparedStatement statement = connection.prepareStatement("SELECT key FROM products WHERE id = ?")) {
            statement.setObject(1, productId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                key = rows.getString(1);
            }
        }
        record RolloutRow(UUID id, UUID releaseId, String state, Instant scheduledFor, UUID planId, String salt,
                          String releaseVersion, String releaseState, Instant publishedAt, boolean halted,
                          String rollbackOf) {
        }
        List<RolloutRow> rollouts = new ArrayList<>();
        // A release that was rolled back counts as halted even when its rollout had completed before the rollback.
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT DISTINCT ON (o.release_id) o.id, o.release_id, o.state, o.scheduled_for, o.ring_plan_id, p.salt,
                       r.version, r.state, r.published_at,
                       r.state = 'halted' OR EXISTS (SELECT 1 FROM releases b WHERE b.rollback_of = r.id),
                       CASE WHEN r.kind = 'rollback' THEN bad.version END
                FROM rollouts o JOIN releases r ON r.id = o.release_id JOIN ring_plans p ON p.id = o.ring_plan_id
                     LEFT JOIN releases bad ON bad.id = r.rollback_of
                WHERE r.product_id = ? AND r.published_at IS NOT NULL AND r.state <> 'withdrawn' AND o.state <> 'aborted'
                ORDER BY o.release_id, o.created_at DESC, o.id""")) {
            statement.setObject(1, productId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    rollouts.add(new RolloutRow(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                            instant(rows, 4), rows.getObject(5, UUID.class), rows.getString(6), rows.getString(7),
                            rows.getString(8), instant(rows, 9), rows.getBoolean(10), rows.getString(11)));
                }
            }
        }
        record PlanRing(BigDecimal share, long soakSeconds, boolean manual, boolean internal) {
        }
        Map<UUID, List<PlanRing>> plans = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT ring_plan_id, cumulative_share, min_soak_seconds, manual_approval, internal FROM rings
                WHERE ring_plan_id = ANY (?) ORDER BY ring_plan_id, position""")) {
            statement.setArray(1, uuids(rollouts.stream().map(RolloutRow::planId).distinct().toList()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plans.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(new PlanRing(rows.getBigDecimal(2), rows.getLong(3), rows.getBoolean(4), rows.getBoolean(5)));
                }
            }
        }
        Map<UUID, Map<Integer, Instant>> opened = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT rollout_id, position, opened_at FROM rollout_rings
                WHERE rollout_id = ANY (?) AND opened_at IS NOT NULL AND state <> 'pending'""")) {
            statement.setArray(1, uuids(rollouts.stream().map(RolloutRow::id).toList()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    opened.computeIfAbsent(rows.getObject(1, UUID.class), id -> new HashMap<>())
                            .put(rows.getInt(2), instant(rows, 3));
                }
            }
        }
        List<ReleaseCandidate> candidates = new ArrayList<>();
        for (RolloutRow rollout : rollouts) {
            List<PlanRing> rings = plans.getOrDefault(rollout.planId(), List.of());
            if (rings.isEmpty()) {
                continue;
            }
            // The internal ring (position 0 when there is one) takes no bucket share: the ladder is the customer rings'.
            boolean internalRing = rings.getFirst().internal();
            RingLadder ladder = new RingLadder(rings.stream().filter(ring -> !ring.internal()).map(PlanRing::share).toList());
            List<Duration> soaks = rings.stream().map(ring -> Duration.ofSeconds(ring.soakSeconds())).toList();
            List<Boolean> manual = rings.stream().map(PlanRing::manual).toList();
            RingSchedule schedule = RolloutSchedules.schedule(rollout.state(), rollout.scheduledFor(),
                    opened.getOrDefault(rollout.id(), Map.of()), soaks, manual, now);
            boolean completed = "completed".equals(rollout.state()) || "completed".equals(rollout.releaseState());
            candidates.add(new ReleaseCandidate(rollout.releaseId(),
                    new ReleaseFacts(rollout.releaseVersion(), completed, rollout.publishedAt(), rollout.halted(),
                            rollout.rollbackOf()),
                    new RolloutFacts(rollout.id(), rollout.salt(), ladder, schedule, internalRing)));
        }
        return Optional.of(new ProductFacts(productId, key, candidates));
    }

    /**
     * Every active tenant's facts for the product (only {@code tenantIds} when not null), keyed and ordered by
     * tenant id.
     */
    public Map<String, TenantFacts> tenants(ProductFacts product, Collection<String> tenantIds, Instant now) throws SQLException {
        Map<String, ZoneId> zones = new TreeMap<>();
        Set<String> internal = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, time_zone, internal FROM tenants WHERE status = 'active'" + (tenantIds == null ? "" : " AND id = ANY (?)"))) {
            if (tenantIds != null) {
                statement.setArray(1, texts(tenantIds));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    zones.put(rows.getString(1), ZoneId.of(rows.getString(2)));
                    if (rows.getBoolean(3)) {
                        internal.add(rows.getString(1));
                    }
                }
            }
        }
        String tenantFilter = tenantIds == null ? "" : " AND up.tenant_id = ANY (?)";
        record PolicyRow(TenantPolicy policy, PilotGateRule gate, BigDecimal maxConcurrent) {
        }
        Map<String, PolicyRow> policies = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT up.tenant_id, up.mode, up.pinned_version, up.pin_expires_at, up.deferral_seconds,
                       up.pilot_deferral_seconds, up.pilot_gate_min_succeeded, up.pilot_gate_max_failure_rate,
                       up.pilot_gate_soak_seconds, up.maintenance_windows::text, up.freezes::text,
                       up.max_concurrent_share, up.paused
                FROM update_policies up WHERE up.product_id = ?""" + tenantFilter)) {
            statement.setObject(1, product.productId());
            if (tenantIds != null) {
                statement.setArray(2, texts(tenantIds));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ZoneId zone = zones.get(rows.getString(1));
                    if (zone == null) {
                        continue;
                    }
                    TenantPolicy policy = new TenantPolicy(PolicyMode.fromKey(rows.getString(2)), rows.getString(3),
                            instant(rows, 4), Duration.ofSeconds(rows.getLong(5)), Duration.ofSeconds(rows.getLong(6)),
                            windows(rows.getString(10)), freezes(rows.getString(11)), rows.getBoolean(13), zone);
                    PilotGateRule gate = new PilotGateRule(rows.getInt(7), rows.getBigDecimal(8), Duration.ofSeconds(rows.getLong(9)));
                    policies.put(rows.getString(1), new PolicyRow(policy, gate, rows.getBigDecimal(12)));
                }
            }
        }
        Map<String, Set<UUID>> pilots = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(PILOT_DEVICES + tenantFilter)) {
            statement.setObject(1, product.productId());
            if (tenantIds != null) {
                statement.setArray(2, texts(tenantIds));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pilots.computeIfAbsent(rows.getString(1), id -> new HashSet<>()).add(rows.getObject(2, UUID.class));
                }
            }
        }
        Map<String, Map<UUID, TenantFacts.Approval>> approvals = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT a.tenant_id, a.release_id, a.decision, a.pilot_only, a.decided_at
                FROM tenant_release_approvals a JOIN releases r ON r.id = a.release_id
                WHERE r.product_id = ?""" + (tenantIds == null ? "" : " AND a.tenant_id = ANY (?)"))) {
            statement.setObject(1, product.productId());
            if (tenantIds != null) {
                statement.setArray(2, texts(tenantIds));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    approvals.computeIfAbsent(rows.getString(1), id -> new HashMap<>()).put(rows.getObject(2, UUID.class),
                            new TenantFacts.Approval("approved".equals(rows.getString(3)), rows.getBoolean(4), instant(rows, 5)));
                }
            }
        }
        Map<String, Map<UUID, List<PilotGateRule.PilotReport>>> reports = pilotReports(product, tenantIds);
        Map<String, Map<UUID, TenantFacts.HaltedSeen>> halted = halted(product, tenantIds);

        Map<String, TenantFacts> facts = new LinkedHashMap<>();
        for (Map.Entry<String, ZoneId> tenant : zones.entrySet()) {
            String tenantId = tenant.getKey();
            PolicyRow row = policies.get(tenantId);
            TenantPolicy policy = row == null ? TenantPolicy.safeDefault(tenant.getValue()) : row.policy();
            Set<UUID> pilotDevices = row == null ? Set.of() : pilots.getOrDefault(tenantId, Set.of());
            boolean vendorFleet = internal.contains(tenantId);
            GateOutcomes gates = pilotDevices.isEmpty() ? GateOutcomes.NONE
                    : gateOutcomes(product, row.gate(), pilotDevices, reports.getOrDefault(tenantId, Map.of()), vendorFleet, now);
            facts.put(tenantId, new TenantFacts(tenantId, policy, pilotDevices, gates.passedAt(),
                    approvals.getOrDefault(tenantId, Map.of()), row == null ? BigDecimal.ONE : row.maxConcurrent(),
                    halted.getOrDefault(tenantId, Map.of()), gates.failed(), vendorFleet));
        }
        return facts;
    }

    /**
     * The tenant's facts with a draft policy in place of the stored one (previews): the draft's pilot groups, gate and
     * windows; the tenant's approvals as stored.
     *
     * @param pilotGroupIds the draft's pilot groups
     */
    public TenantFacts draft(ProductFacts product, String tenantId, TenantPolicy policy, PilotGateRule gate,
            Collection<UUID> pilotGroupIds, BigDecimal maxConcurrent, Map<UUID, TenantFacts.Approval> approvals, Instant now)
            throws SQLException {
        Set<UUID> pilotDevices = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT DISTINCT m.device_id FROM group_memberships m
                JOIN devices d ON d.id = m.device_id AND d.tenant_id = m.tenant_id AND d.status = 'active'
                WHERE m.tenant_id = ? AND m.group_id = ANY (?)""")) {
            statement.setString(1, tenantId);
            statement.setArray(2, uuids(pilotGroupIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pilotDevices.add(rows.getObject(1, UUID.class));
                }
            }
        }
        Map<UUID, List<PilotGateRule.PilotReport>> reports = pilotDevices.isEmpty() ? Map.of()
                : pilotReports(product, "SELECT CAST(? AS text) AS tenant_id, unnest(CAST(? AS uuid[])) AS device_id", statement -> {
                    statement.setString(1, tenantId);
                    statement.setArray(2, uuids(pilotDevices));
                    return 3;
                }).getOrDefault(tenantId, Map.of());
        boolean internal = internal(tenantId);
        Map<UUID, Instant> passed = pilotDevices.isEmpty() ? Map.of()
                : gateOutcomes(product, gate, pilotDevices, reports, internal, now).passedAt();
        return new TenantFacts(tenantId, policy, pilotDevices, passed, approvals, maxConcurrent,
                halted(product, List.of(tenantId)).getOrDefault(tenantId, Map.of()), internal);
    }

    private boolean internal(String tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT internal FROM tenants WHERE id = ?")) {
            statement.setString(1, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    /**
     * Per tenant and device: what it did with the product's halted releases (see {@link TenantFacts.HaltedSeen}) that
     * still matter to it: runs a rolled-back one, was offered a rolled-back one (an action in any state: it may have
     * installed part of it), or has an open action for any halted one. Skipped while the product has no halted
     * release; V17's indexes serve the lookups by release and version.
     */
    private Map<String, Map<UUID, TenantFacts.HaltedSeen>> halted(ProductFacts product, Collection<String> tenantIds)
            throws SQLException {
        List<UUID> halted = product.candidates().stream().filter(candidate -> candidate.facts().halted())
                .map(ReleaseCandidate::releaseId).toList();
        if (halted.isEmpty()) {
            return Map.of();
        }
        Set<String> rolledBackVersions = product.candidates().stream().map(candidate -> candidate.facts().rollbackOf())
                .filter(Objects::nonNull).collect(Collectors.toSet());
        List<UUID> rolledBack = product.candidates().stream()
                .filter(candidate -> candidate.facts().halted() && rolledBackVersions.contains(candidate.facts().version()))
                .map(ReleaseCandidate::releaseId).toList();
        record Seen(Set<String> versions, String[] open) {
        }
        Map<String, Map<UUID, Seen>> seen = new HashMap<>();
        String tenantFilter = tenantIds == null ? "" : " AND %s.tenant_id = ANY (?)";
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT v.tenant_id, v.device_id, h.version, false
                FROM device_installed_versions v JOIN releases h ON h.version = v.version AND h.product_id = v.product_id
                WHERE h.id = ANY (?)""" + tenantFilter.formatted("v") + """

                UNION
                SELECT a.tenant_id, a.device_id, h.version, a.open
                FROM device_actions a JOIN releases h ON h.id = a.release_id
                WHERE a.release_id = ANY (?) AND (a.open OR a.release_id = ANY (?))""" + tenantFilter.formatted("a"))) {
            int index = 1;
            statement.setArray(index++, uuids(rolledBack));
            if (tenantIds != null) {
                statement.setArray(index++, texts(tenantIds));
            }
            statement.setArray(index++, uuids(halted));
            statement.setArray(index++, uuids(rolledBack));
            if (tenantIds != null) {
                statement.setArray(index, texts(tenantIds));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Seen device = seen.computeIfAbsent(rows.getString(1), id -> new HashMap<>())
                            .computeIfAbsent(rows.getObject(2, UUID.class), id -> new Seen(new HashSet<>(), new String[1]));
                    device.versions().add(rows.getString(3));
                    if (rows.getBoolean(4)) {
                        device.open()[0] = rows.getString(3);
                    }
                }
            }
        }
        Map<String, Map<UUID, TenantFacts.HaltedSeen>> facts = new HashMap<>();
        seen.forEach((tenant, devices) -> devices.forEach((device, what) -> facts.computeIfAbsent(tenant, id -> new HashMap<>())
                .put(device, new TenantFacts.HaltedSeen(what.versions(), what.open()[0]))));
        return facts;
    }

    /** Per release: when the pilot gate passed, and which releases' gates failed. */
    private record GateOutcomes(Map<UUID, Instant> passedAt, Set<UUID> failed) {
        static final GateOutcomes NONE = new GateOutcomes(Map.of(), Set.of());
    }

    private static GateOutcomes gateOutcomes(ProductFacts product, PilotGateRule gate, Set<UUID> pilotDevices,
            Map<UUID, List<PilotGateRule.PilotReport>> reportsByRelease, boolean internal, Instant now) {
        Map<UUID, Instant> passedByRelease = new HashMap<>();
        Set<UUID> failed = new HashSet<>();
        for (ReleaseCandidate candidate : product.candidates()) {
            Instant ringOpened = PilotGateRule.pilotRingOpened(product.productKey(), candidate.rollout(), pilotDevices,
                    internal);
            List<PilotGateRule.PilotReport> reports = reportsByRelease.getOrDefault(candidate.releaseId(), List.of());
            Instant passed = gate.passedAt(ringOpened, reports, now);
            if (passed != null) {
                passedByRelease.put(candidate.releaseId(), passed);
            } else if (gate.outcome(ringOpened, reports, now) == PilotGateRule.Outcome.FAILED) {
                failed.add(candidate.releaseId());
            }
        }
        return new GateOutcomes(passedByRelease, failed);
    }

    /**
     * Each stored policy's pilot gate for the product, by tenant (only {@code tenantIds} when not null): what a
     * rehearsal judges its simulated pilot reports by, as {@link #tenants} judges the real ones.
     */
    public Map<String, PilotGateRule> pilotGates(UUID productId, Collection<String> tenantIds) throws SQLException {
        Map<String, PilotGateRule> gates = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT up.tenant_id, up.pilot_gate_min_succeeded, up.pilot_gate_max_failure_rate, up.pilot_gate_soak_seconds
                FROM update_policies up WHERE up.product_id = ?""" + (tenantIds == null ? "" : " AND up.tenant_id = ANY (?)"))) {
            statement.setObject(1, productId);
            if (tenantIds != null) {
                statement.setArray(2, texts(tenantIds));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    gates.put(rows.getString(1), new PilotGateRule(rows.getInt(2), rows.getBigDecimal(3),
                            Duration.ofSeconds(rows.getLong(4))));
                }
            }
        }
        return gates;
    }

    /** The version of the product each active device runs, by device (devices that do not run it are absent). */
    public Map<UUID, String> installedVersions(UUID productId) throws SQLException {
        Map<UUID, String> versions = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT v.device_id, v.version FROM device_installed_versions v
                JOIN devices d ON d.id = v.device_id AND d.status = 'active'
                WHERE v.product_id = ?""")) {
            statement.setObject(1, productId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getObject(1, UUID.class), rows.getString(2));
                }
            }
        }
        return versions;
    }

    /** The tenant's own zone; empty when the tenant is unknown or suspended. */
    public Optional<ZoneId> tenantZone(String tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT time_zone FROM tenants WHERE id = ? AND status = 'active'")) {
            statement.setString(1, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(ZoneId.of(rows.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Streams the active devices of the active tenants (all when null), optionally only some devices, in no
     * particular order. A suspended tenant's devices are left out: no plan is made for them (see
     * {@link #tenants}), and a fleet of suspended tenants would otherwise be read again for every product.
     */
    public void devices(Collection<String> tenantIds, Collection<UUID> deviceIds, Consumer<TenantDevice> sink) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT d.tenant_id, d.id, d.external_id, d.time_zone
                  FROM devices d JOIN tenants t ON t.id = d.tenant_id AND t.status = 'active'
                 WHERE d.status = 'active'""");
        if (tenantIds != null) {
            sql.append(" AND d.tenant_id = ANY (?)");
        }
        if (deviceIds != null) {
            sql.append(" AND d.id = ANY (?)");
        }
        // No ORDER BY: plans are looked up per device, so sorting a million rows would buy nothing.
        Map<String, ZoneId> zones = new HashMap<>();
        StreamedRows.stream(connection, sql.toString(), DEVICE_FETCH, statement -> {
            int index = 1;
            if (tenantIds != null) {
                statement.setArray(index++, texts(tenantIds));
            }
            if (deviceIds != null) {
                statement.setArray(index, uuids(deviceIds));
            }
        }, row -> {
            String zone = row.getString(4);
            sink.accept(new TenantDevice(row.getString(1), new DeviceInput(row.getObject(2, UUID.class),
                    row.getString(3), zone == null ? null : zones.computeIfAbsent(zone, FleetReader::zoneOrNull))));
        });
    }

    /** One device with its tenant. */
    public record TenantDevice(String tenantId, DeviceInput device) {
    }

    private Map<String, Map<UUID, List<PilotGateRule.PilotReport>>> pilotReports(ProductFacts product,
            Collection<String> tenantIds) throws SQLException {
        return pilotReports(product, PILOT_DEVICES + (tenantIds == null ? "" : " AND up.tenant_id = ANY (?)"), statement -> {
            statement.setObject(1, product.productId());
            if (tenantIds == null) {
                return 2;
            }
            statement.setArray(2, texts(tenantIds));
            return 3;
        });
    }

    /** Binds a query's leading parameters; answers the index of the next one. */
    private interface Leading {
        int bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * What each pilot device (of {@code pilots}, a query of tenant and device ids whose parameters {@code leading}
     * binds) reported about the product's candidate releases, by tenant and release, with whether a reported success
     * was confirmed or reverted since ({@link SuccessConfirmation}, the rule the ring gate counts by).
     */
    private Map<String, Map<UUID, List<PilotGateRule.PilotReport>>> pilotReports(ProductFacts product, String pilots,
            Leading leading) throws SQLException {
        Map<String, Map<UUID, List<PilotGateRule.PilotReport>>> reports = new HashMap<>();
        if (product.candidates().isEmpty()) {
            return reports;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH pilots AS (%s), reported AS (
                    SELECT e.tenant_id, e.release_id, e.device_id,
                           min(e.occurred_at) FILTER (WHERE e.kind = 'offered') AS offered_at,
                           min(e.occurred_at) FILTER (WHERE e.kind = 'succeeded') AS succeeded_at,
                           min(e.occurred_at) FILTER (WHERE e.kind = 'failed') AS failed_at,
                           max(e.occurred_at) FILTER (WHERE e.kind = 'silent') AS silent_at,
                           max(e.occurred_at) FILTER (WHERE e.kind NOT IN ('offered', 'silent')) AS reported_at,
                           max(e.received_at) FILTER (WHERE e.kind = 'succeeded') AS success_received_at
                    FROM device_events e JOIN pilots p ON p.tenant_id = e.tenant_id AND p.device_id = e.device_id
                    WHERE e.release_id = ANY (?)
                    GROUP BY e.tenant_id, e.release_id, e.device_id
                )
                SELECT r.tenant_id, r.release_id, r.device_id, r.offered_at, r.succeeded_at, r.failed_at, r.silent_at,
                       r.reported_at, %s, %s
                FROM reported r
                JOIN releases rel ON rel.id = r.release_id
                LEFT JOIN device_installed_versions v ON v.device_id = r.device_id AND v.product_id = rel.product_id
                LEFT JOIN device_presence seen ON seen.device_id = r.device_id""".formatted(pilots,
                SuccessConfirmation.runsRelease("r.success_received_at", "rel.version", "seen.last_seen_at"),
                SuccessConfirmation.runsOtherVersion("r.success_received_at", "rel.version", "rel.product_id", "r.device_id")))) {
            int index = leading.bind(statement);
            statement.setArray(index, uuids(product.candidates().stream().map(ReleaseCandidate::releaseId).toList()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reports.computeIfAbsent(rows.getString(1), id -> new HashMap<>())
                            .computeIfAbsent(rows.getObject(2, UUID.class), id -> new ArrayList<>())
                            .add(PilotGateRule.PilotReport.of(instant(rows, 4), instant(rows, 5), instant(rows, 6),
                                    instant(rows, 7), instant(rows, 8), rows.getBoolean(9), rows.getBoolean(10)));
                }
            }
        }
        return reports;
    }

    private static List<WeeklyWindow> windows(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<WeeklyWindow>>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException("stored maintenance windows cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Freeze> freezes(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<Freeze>>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException("stored freezes cannot be read: " + e.getMessage(), e);
        }
    }

    private static ZoneId zoneOrNull(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException unknown) {
            return null; // a zone the JDK does not know counts as unknown: the tenant's zone applies
        }
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private Array uuids(Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }

    private Array texts(Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
