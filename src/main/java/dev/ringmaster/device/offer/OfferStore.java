package dev.ringmaster.device.offer;

import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.persistence.Coalesced;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * What the offer rules read and write, in plain SQL. A poll takes the device's own rows (its windows, its
 * actions, its installed versions) from {@link DeviceRowsCache}, or reads them in one statement, and joins them
 * to the {@link SharedFacts} of releases, rollouts and its tenant, which {@link SharedFactsCache} keeps in memory;
 * both caches stay true behind the change feed. The locked second look of a fresh offer reads rows and facts
 * from the database instead. Runs inside the caller's transaction and tenant scope (row-level security filters
 * every tenant table).
 */
@ApplicationScoped
public class OfferStore {

    /** A stored window as the rules see it, with the ids the service needs to act on the answer. */
    public record Stored(OfferCandidate candidate, UUID productId, Long actionId, double maxConcurrentShare,
                         boolean rolloutStopped) {
    }

    /** The code of the plan's last reason, only for a row without a window: {@code Reason.blockedBy} in SQL. */
    private static final String HOLD = "CASE WHEN w.window_start IS NULL THEN w.reasons -> -1 ->> 'code' END AS hold";

    /**
     * The device's well-known attributes, which place it in a rollout's cohort: read with its windows, in the same
     * statement, so a quarantine costs the device path no round trip (an attribute change forgets the device's rows).
     */
    private static final String COHORT = "d.attributes ->> 'model' AS a_model, d.attributes ->> 'osBuild' AS a_build, "
            + "d.attributes ->> 'region' AS a_region, d.attributes ->> 'agentVersion' AS a_agent";

    private static final String WINDOWS = """
            SELECT w.device_id, w.release_id, w.rollout_id, w.ring_position, w.window_start, w.window_end,
                   a.id AS action_id, a.open AS action_open, w.forecast, """ + HOLD + ", " + COHORT + """
              FROM release_windows w
              JOIN devices d ON d.id = w.device_id
              LEFT JOIN device_actions a ON a.device_id = w.device_id AND a.release_id = w.release_id
             WHERE w.tenant_id = ? AND w.device_id = ANY (?)
            UNION ALL
            SELECT a.device_id, a.release_id, a.rollout_id, a.ring_position, NULL, NULL, a.id, a.open, FALSE, NULL, """ + COHORT + """
              FROM (SELECT * FROM device_actions a WHERE a.tenant_id = ? AND a.device_id = ANY (?) OFFSET 0) a
              JOIN devices d ON d.id = a.device_id
             WHERE a.open
               AND NOT EXISTS (SELECT 1 FROM release_windows w WHERE w.device_id = a.device_id AND w.release_id = a.release_id)""";

    private static final String RELEASES = """
            SELECT r.id, r.version, r.kind, r.state, p.key, p.id AS product_id
              FROM releases r JOIN products p ON p.id = r.product_id
             WHERE r.id = ANY (?)""";

    /** A rollout with its rings, its plan's cohort keys and its standing quarantines (newline-separated labels). */
    private static final String ROLLOUTS = """
            SELECT ro.id, ro.state, rr.position, rr.state AS ring_state, pl.cohort_keys,
                   (SELECT string_agg(q.cohort, E'\\n') FROM rollout_cohort_quarantines q
                     WHERE q.rollout_id = ro.id AND q.lifted_at IS NULL) AS quarantined
              FROM rollouts ro JOIN ring_plans pl ON pl.id = ro.ring_plan_id
              LEFT JOIN rollout_rings rr ON rr.rollout_id = ro.id
             WHERE ro.id = ANY (?)""";

    private static final String TENANT = """
            SELECT t.status, up.product_id, up.paused, up.max_concurrent_share
              FROM tenants t LEFT JOIN update_policies up ON up.tenant_id = t.id
             WHERE t.id = ?""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SharedFactsCache sharedFacts;

    @Inject
    DeviceApiSettings settings;

    @Inject
    DeviceRowsCache rowsCache;

    /** More devices than this polling at once wait for the next round trip rather than make one statement larger. */
    private static final int MAX_LOOK_BATCH = 16;

    /**
     * Everything a device's decision is read from: its stored windows (with the state of each) and the versions
     * stored as installed. {@code installed} maps product keys to versions.
     */
    public record DeviceLook(List<Stored> candidates, Map<String, String> installed) {

        /** Whether every version the device reports is already stored, so a check-in has nothing to write. */
        public boolean stores(Map<String, String> reported) {
            return reported.entrySet().stream().allMatch(entry -> entry.getValue().equals(installed.get(entry.getKey())));
        }
    }

    /**
     * For each device asked for: one row per installed version, then one per window with its action, then one per
     * open action that has no window any more (an aborted rollout's windows are deleted, but its open actions must
     * still be cancelled on the device: {@link Cancellations}); such a row has no window times. One
     * statement text per number of devices, 1, 2, 4, 8 or 16, the ids as that many parameters (the last one
     * repeated to fill it). A fixed number of ids lets PostgreSQL settle on one generic plan per statement after
     * a few executions; with an array of ids it estimates each array's length anew and plans every execution
     * again, which costs more than the execution. Two plain index scans rather than a lateral join with an
     * aggregate, and product ids rather than a join to the products for their keys (kept in memory, as a
     * product's key never changes): the statement costs about 60 % of what the lateral join did (pgbench).
     *
     * <p>The open actions are looked up by device and only then filtered on {@code open} (the {@code OFFSET 0} keeps
     * the filter out of the subquery). Asked for {@code a.open} directly, a plan made while few actions were open
     * reads the tenant's partial index of open actions, all of them, for every statement: when a window opens for a
     * whole fleet, 100,000 entries to find 16 (docs/benchmarks.md, 7 Dec 2026, night). {@link #WINDOWS} does the same.
     */
    private static final List<String> LOOKS = IntStream.iterate(1, size -> size <= MAX_LOOK_BATCH, size -> size * 2)
            .mapToObj(OfferStore::look).toList();

    private static String look(int devices) {
        return """
                SELECT v.device_id, v.product_id, v.version, NULL::uuid AS release_id, NULL::uuid AS rollout_id,
                       NULL::int AS ring_position, NULL::timestamptz AS window_start, NULL::timestamptz AS window_end,
                       NULL::bigint AS action_id, NULL::boolean AS action_open, NULL::text AS hold, FALSE AS forecast,
                       NULL::text AS a_model, NULL::text AS a_build, NULL::text AS a_region, NULL::text AS a_agent
                  FROM device_installed_versions v
                 WHERE v.tenant_id = ? AND v.device_id IN (%1$s)
                UNION ALL
                SELECT w.device_id, NULL, NULL, w.release_id, w.rollout_id, w.ring_position, w.window_start, w.window_end,
                       a.id, a.open, %2$s, w.forecast, %3$s
                  FROM release_windows w
                  JOIN devices d ON d.id = w.device_id
                  LEFT JOIN device_actions a ON a.device_id = w.device_id AND a.release_id = w.release_id
                 WHERE w.tenant_id = ? AND w.device_id IN (%1$s)
                UNION ALL
                SELECT a.device_id, NULL, NULL, a.release_id, a.rollout_id, a.ring_position, NULL, NULL, a.id, a.open, NULL, FALSE,
                       %3$s
                  FROM (SELECT * FROM device_actions a WHERE a.tenant_id = ? AND a.device_id IN (%1$s) OFFSET 0) a
                  JOIN devices d ON d.id = a.device_id
                 WHERE a.open
                   AND NOT EXISTS (SELECT 1 FROM release_windows w WHERE w.device_id = a.device_id AND w.release_id = a.release_id)"""
                .formatted(String.join(", ", Collections.nCopies(devices, "?")), HOLD, COHORT);
    }

    private static final int MAX_SHARED_VALUES = 100_000;
    private final Map<Object, Object> sharedValues = new ConcurrentHashMap<>();

    /** Devices read together when their check-ins come together, per tenant (row-level security scopes a read). */
    private final Map<String, Coalesced<UUID, DeviceRowsCache.DeviceRows>> reads = new ConcurrentHashMap<>();

    /**
     * The device's windows and installed versions, from memory while nothing says they changed; otherwise in one
     * round trip, shared with the devices of the tenant whose polls arrive meanwhile. The shared facts come from
     * memory. Inside a transaction, read alone on its connection, so it sees (and keeps to itself) what the
     * transaction wrote.
     */
    public DeviceLook look(String tenantId, UUID deviceId) {
        if (QuarkusTransaction.isActive()) {
            return looked(readRows(tenantId, List.of(deviceId)).get(deviceId));
        }
        return looked(rowsCache.rows(tenantId, deviceId, () -> reads.computeIfAbsent(tenantId, tenant -> new Coalesced<>(
                devices -> BackgroundScope.asTenant(tenant, () -> readRows(tenant, devices)),
                settings.parallelReads(), MAX_LOOK_BATCH)).get(deviceId)));
    }

    private Map<UUID, DeviceRowsCache.DeviceRows> readRows(String tenantId, List<UUID> deviceIds) {
        Map<UUID, Map<UUID, String>> installed = new HashMap<>();
        Map<UUID, List<SharedFacts.DeviceWindow>> windows = new HashMap<>();
        // The smallest statement with room for them all: 1, 2, 4, 8 or 16 ids.
        int size = deviceIds.size() == 1 ? 1 : Integer.highestOneBit(deviceIds.size() - 1) * 2;
        query(LOOKS.get(Integer.numberOfTrailingZeros(size)), statement -> {
            int parameter = 1;
            for (int part = 0; part < 3; part++) {
                statement.setString(parameter++, tenantId);
                for (int i = 0; i < size; i++) {
                    statement.setObject(parameter++, deviceIds.get(Math.min(i, deviceIds.size() - 1)));
                }
            }
        }, rows -> {
            while (rows.next()) {
                UUID deviceId = rows.getObject("device_id", UUID.class);
                UUID productId = rows.getObject("product_id", UUID.class);
                if (productId != null) {
                    installed.computeIfAbsent(deviceId, id -> new HashMap<>()).put(shared(productId), shared(rows.getString("version")));
                } else {
                    windows.computeIfAbsent(deviceId, id -> new ArrayList<>()).add(window(rows));
                }
            }
            return null;
        });
        Map<UUID, DeviceRowsCache.DeviceRows> read = new HashMap<>();
        for (UUID deviceId : deviceIds) {
            read.put(deviceId, new DeviceRowsCache.DeviceRows(tenantId, windows.getOrDefault(deviceId, List.of()),
                    installed.getOrDefault(deviceId, Map.of())));
        }
        return read;
    }

    /**
     * One instance of each release, rollout and product id and of each version read, however many devices'
     * rows hold it: most of a fleet shares a few, and {@link DeviceRowsCache} keeps every polling device's rows
     * (~560 bytes a device without this, ~320 with it: class histogram at 100,000 devices). Emptied when it
     * grows past what a service ever has at once (versions come from devices), so it cannot grow without bound.
     */
    private <T> T shared(T value) {
        if (value == null) {
            return null;
        }
        if (sharedValues.size() > MAX_SHARED_VALUES) {
            sharedValues.clear();
        }
        @SuppressWarnings("unchecked")
        T held = (T) sharedValues.putIfAbsent(value, value);
        return held == null ? value : held;
    }

    /** A device's rows joined to the shared facts, and its installed versions by product key, all from memory. */
    private DeviceLook looked(DeviceRowsCache.DeviceRows rows) {
        Map<String, String> byKey = new HashMap<>();
        if (!rows.installed().isEmpty()) {
            Map<UUID, String> productKeys = sharedFacts.productKeys(rows.installed().keySet(), this::productKeys);
            rows.installed().forEach((productId, version) -> {
                if (productKeys.containsKey(productId)) {
                    byKey.put(productKeys.get(productId), version);
                }
            });
        }
        return new DeviceLook(join(rows.tenantId(), rows.windows(), true), byKey);
    }

    Map<UUID, String> productKeys(Set<UUID> ids) {
        return query("SELECT id, key FROM products WHERE id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids.toArray())), rows -> {
                    Map<UUID, String> keys = new HashMap<>();
                    while (rows.next()) {
                        keys.put(rows.getObject("id", UUID.class), rows.getString("key"));
                    }
                    return keys;
                });
    }

    /**
     * The windows of each device asked for, with the shared facts read afresh from the database, in one round
     * trip for the rows and one for each kind of fact: the look under the offer locks, for a batch of devices.
     */
    public Map<UUID, List<Stored>> candidates(String tenantId, Collection<UUID> deviceIds) {
        Map<UUID, List<SharedFacts.DeviceWindow>> windows = new HashMap<>();
        query(WINDOWS, statement -> {
            Array ids = statement.getConnection().createArrayOf("uuid", deviceIds.toArray());
            statement.setString(1, tenantId);
            statement.setArray(2, ids);
            statement.setString(3, tenantId);
            statement.setArray(4, ids);
        }, rows -> {
            while (rows.next()) {
                windows.computeIfAbsent(rows.getObject("device_id", UUID.class), id -> new ArrayList<>()).add(window(rows));
            }
            return null;
        });
        Map<UUID, List<Stored>> candidates = new HashMap<>();
        List<SharedFacts.DeviceWindow> all = windows.values().stream().flatMap(List::stream).toList();
        Facts facts = all.isEmpty() ? null : facts(tenantId, all, false);
        for (UUID deviceId : deviceIds) {
            List<SharedFacts.DeviceWindow> own = windows.getOrDefault(deviceId, List.of());
            candidates.put(deviceId, own.isEmpty() || facts.tenant() == null ? List.of() : facts.join(own));
        }
        return candidates;
    }

    private List<Stored> join(String tenantId, List<SharedFacts.DeviceWindow> windows, boolean fromMemory) {
        if (windows.isEmpty()) {
            return List.of();
        }
        Facts facts = facts(tenantId, windows, fromMemory);
        return facts.tenant() == null ? List.of() : facts.join(windows);
    }

    /** The shared facts some windows are joined to; {@code tenant} null when the tenant is not visible. */
    private record Facts(SharedFacts.TenantFact tenant, Map<UUID, SharedFacts.ReleaseFact> releases,
                         Map<UUID, SharedFacts.RolloutFact> rollouts) {

        List<Stored> join(List<SharedFacts.DeviceWindow> windows) {
            List<Stored> stored = new ArrayList<>(windows.size());
            for (SharedFacts.DeviceWindow window : windows) {
                SharedFacts.ReleaseFact release = releases.get(window.releaseId());
                if (release != null) {
                    stored.add(SharedFacts.join(window, release, window.rolloutId() == null ? null : rollouts.get(window.rolloutId()), tenant));
                }
            }
            return stored;
        }
    }

    private Facts facts(String tenantId, List<SharedFacts.DeviceWindow> windows, boolean fromMemory) {
        SharedFacts.TenantFact tenant = fromMemory ? sharedFacts.tenant(tenantId, this::tenantFact) : tenantFact(tenantId);
        if (tenant == null) {
            return new Facts(null, Map.of(), Map.of());
        }
        Set<UUID> releaseIds = new HashSet<>();
        Set<UUID> rolloutIds = new HashSet<>();
        for (SharedFacts.DeviceWindow window : windows) {
            releaseIds.add(window.releaseId());
            if (window.rolloutId() != null) {
                rolloutIds.add(window.rolloutId());
            }
        }
        Map<UUID, SharedFacts.ReleaseFact> releases = fromMemory ? sharedFacts.releases(releaseIds, this::releaseFacts) : releaseFacts(releaseIds);
        Map<UUID, SharedFacts.RolloutFact> rollouts = rolloutIds.isEmpty() ? Map.of()
                : fromMemory ? sharedFacts.rollouts(rolloutIds, this::rolloutFacts) : rolloutFacts(rolloutIds);
        return new Facts(tenant, releases, rollouts);
    }

    private SharedFacts.DeviceWindow window(ResultSet rows) throws SQLException {
        Long actionId = rows.getObject("action_id") == null ? null : rows.getLong("action_id");
        return new SharedFacts.DeviceWindow(shared(rows.getObject("release_id", UUID.class)), shared(rows.getObject("rollout_id", UUID.class)),
                rows.getInt("ring_position"), instant(rows, "window_start"), instant(rows, "window_end"),
                actionId, actionId == null ? null : rows.getBoolean("action_open"), WaitReason.ofHold(rows.getString("hold")),
                rows.getBoolean("forecast"), cohort(rows));
    }

    /** The attributes of a window's device, the values shared between devices (most say the same few models). */
    private Map<String, String> cohort(ResultSet rows) throws SQLException {
        String[] columns = {"a_model", "a_build", "a_region", "a_agent"};
        String[] keys = {"model", "osBuild", "region", "agentVersion"};
        Map<String, String> cohort = null;
        for (int i = 0; i < columns.length; i++) {
            String value = rows.getString(columns[i]);
            if (value != null) {
                if (cohort == null) {
                    cohort = new HashMap<>(4);
                }
                cohort.put(keys[i], shared(value));
            }
        }
        return cohort == null ? Map.of() : Map.copyOf(cohort);
    }

    Map<UUID, SharedFacts.ReleaseFact> releaseFacts(Set<UUID> ids) {
        return query(RELEASES, statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids.toArray())), rows -> {
            Map<UUID, SharedFacts.ReleaseFact> facts = new HashMap<>();
            while (rows.next()) {
                UUID id = rows.getObject("id", UUID.class);
                facts.put(id, new SharedFacts.ReleaseFact(id, rows.getString("key"), rows.getObject("product_id", UUID.class),
                        SemanticVersion.parse(rows.getString("version")), "rollback".equals(rows.getString("kind")), rows.getString("state")));
            }
            return facts;
        });
    }

    Map<UUID, SharedFacts.RolloutFact> rolloutFacts(Set<UUID> ids) {
        return query(ROLLOUTS, statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids.toArray())), rows -> {
            Map<UUID, String> states = new HashMap<>();
            Map<UUID, Map<Integer, String>> rings = new HashMap<>();
            Map<UUID, List<String>> keys = new HashMap<>();
            Map<UUID, Set<String>> quarantined = new HashMap<>();
            while (rows.next()) {
                UUID id = rows.getObject("id", UUID.class);
                states.put(id, rows.getString("state"));
                String cohortKeys = rows.getString("cohort_keys");
                keys.put(id, cohortKeys.isEmpty() ? List.of() : List.of(cohortKeys.split(",")));
                String labels = rows.getString("quarantined");
                quarantined.put(id, labels == null ? Set.of() : Set.of(labels.split("\n")));
                Map<Integer, String> ofRollout = rings.computeIfAbsent(id, key -> new HashMap<>());
                if (rows.getObject("position") != null) {
                    ofRollout.put(rows.getInt("position"), rows.getString("ring_state"));
                }
            }
            Map<UUID, SharedFacts.RolloutFact> facts = new HashMap<>();
            states.forEach((id, state) -> facts.put(id, new SharedFacts.RolloutFact(id, state, rings.get(id), keys.get(id),
                    quarantined.get(id))));
            return facts;
        });
    }

    /** Null when the tenant does not exist (or is not visible in the current scope). */
    SharedFacts.TenantFact tenantFact(String tenantId) {
        return query(TENANT, statement -> statement.setString(1, tenantId), rows -> {
            Boolean active = null;
            Map<UUID, SharedFacts.PolicyFact> policies = new HashMap<>();
            while (rows.next()) {
                active = "active".equals(rows.getString("status"));
                if (rows.getObject("product_id") != null) {
                    policies.put(rows.getObject("product_id", UUID.class),
                            new SharedFacts.PolicyFact(rows.getBoolean("paused"), rows.getDouble("max_concurrent_share")));
                }
            }
            return active == null ? null : new SharedFacts.TenantFact(active, policies);
        });
    }

    /** Stores what the device reports; unchanged versions are not rewritten. Answers the product keys unknown. */
    public List<String> recordInstalled(String tenantId, UUID deviceId, Map<String, String> installed, Instant now) {
        List<String> unknown = new ArrayList<>();
        installed.forEach((product, version) -> {
            int written = update("""
                    INSERT INTO device_installed_versions (tenant_id, device_id, product_id, version, reported_at)
                    SELECT ?, ?, p.id, ?, ? FROM products p WHERE p.key = ?
                    ON CONFLICT (device_id, product_id) DO UPDATE SET version = EXCLUDED.version, reported_at = EXCLUDED.reported_at
                    WHERE device_installed_versions.version <> EXCLUDED.version""", statement -> {
                statement.setString(1, tenantId);
                statement.setObject(2, deviceId);
                statement.setString(3, version);
                statement.setObject(4, at(now));
                statement.setString(5, product);
            });
            if (written == 0 && !productExists(product)) {
                unknown.add(product);
            }
        });
        return unknown;
    }

    private boolean productExists(String key) {
        return query("SELECT 1 FROM products WHERE key = ?", statement -> statement.setString(1, key), ResultSet::next);
    }

    /** Serialises fresh offers of one tenant (its concurrency cap) for the rest of the transaction. */
    public void lockTenantOffers(String tenantId) {
        query("SELECT pg_advisory_xact_lock(hashtextextended('ringmaster.offer.' || ?, 0))",
                statement -> statement.setString(1, tenantId), ResultSet::next);
    }

    /** Serialises fresh offers of unproven releases vendor-wide (the blast-radius cap). Taken before a tenant's. */
    public void lockBlastRadius() {
        query("SELECT pg_advisory_xact_lock(hashtextextended('ringmaster.offer.blast-radius', 0))", statement -> {
        }, ResultSet::next);
    }

    public long activeDevices(String tenantId) {
        return query("SELECT count(*) FROM devices WHERE tenant_id = ? AND status = 'active'",
                statement -> statement.setString(1, tenantId), rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /**
     * Devices of the tenant installing a release of the product: actions not finished and heard of since
     * {@code since} (a device silent for longer no longer holds a place; silence detection judges it).
     */
    public long installing(String tenantId, UUID productId, Instant since) {
        return query("""
                SELECT count(*) FROM device_actions a JOIN releases r ON r.id = a.release_id
                 WHERE a.tenant_id = ? AND a.open AND a.updated_at > ? AND r.product_id = ?""", statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, at(since));
            statement.setObject(3, productId);
        }, rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /**
     * Offers of unproven releases since {@code since}, over all tenants, counted in the caller's transaction by a
     * function that alone sees every tenant (V11), so an offer holds one connection while it waits for the lock.
     */
    public long unprovenOffersSince(Instant since) {
        return query("SELECT unproven_offers_since(?)",
                statement -> statement.setObject(1, at(since)), rows -> rows.next() ? rows.getLong(1) : 0);
    }

    /** A fresh offer to write: the device and the release it is offered. */
    public record Opening(UUID deviceId, OfferCandidate candidate) {
    }

    /**
     * Opens each device's action for its release and writes the {@code offered} events, two statements for
     * the whole batch; answers the action ids by device.
     */
    public Map<UUID, Long> open(String tenantId, List<Opening> openings, Instant now) {
        if (openings.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Long> actionIds = query("""
                INSERT INTO device_actions (tenant_id, device_id, release_id, rollout_id, ring_position, last_kind, open,
                                            unproven, offered_at, updated_at)
                SELECT ?, o.device_id, o.release_id, o.rollout_id, o.ring_position, 'offered', true, o.unproven, ?, ?
                  FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int[], ?::boolean[])
                       AS o (device_id, release_id, rollout_id, ring_position, unproven)
                RETURNING id, device_id""", statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, at(now));
            statement.setObject(3, at(now));
            bindOpenings(statement, 4, openings);
            Connection connection = statement.getConnection();
            statement.setArray(7, connection.createArrayOf("integer",
                    openings.stream().map(opening -> opening.candidate().ringPosition()).toArray()));
            statement.setArray(8, connection.createArrayOf("boolean",
                    openings.stream().map(opening -> !opening.candidate().proven()).toArray()));
        }, rows -> {
            Map<UUID, Long> ids = new HashMap<>();
            while (rows.next()) {
                ids.put(rows.getObject("device_id", UUID.class), rows.getLong("id"));
            }
            return ids;
        });
        update("""
                INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, kind, occurred_at, received_at)
                SELECT ?, o.device_id, o.release_id, o.rollout_id, 'offered', ?, ?
                  FROM unnest(?::uuid[], ?::uuid[], ?::uuid[]) AS o (device_id, release_id, rollout_id)""", statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, at(now));
            statement.setObject(3, at(now));
            bindOpenings(statement, 4, openings);
        });
        return actionIds;
    }

    /** Device, release and rollout ids of the openings as three arrays, from parameter {@code first} on. */
    private static void bindOpenings(PreparedStatement statement, int first, List<Opening> openings) throws SQLException {
        Connection connection = statement.getConnection();
        statement.setArray(first, connection.createArrayOf("uuid", openings.stream().map(Opening::deviceId).toArray()));
        statement.setArray(first + 1, connection.createArrayOf("uuid",
                openings.stream().map(opening -> opening.candidate().releaseId()).toArray()));
        statement.setArray(first + 2, connection.createArrayOf("uuid",
                openings.stream().map(opening -> opening.candidate().rolloutId()).toArray()));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** timestamptz parameters go as offset date-times, so the JVM's zone can never shift them. */
    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    public <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("device offer query failed: " + e.getMessage(), e);
        }
    }

    public int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("device offer update failed: " + e.getMessage(), e);
        }
    }
}
