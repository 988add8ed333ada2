package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the offer rules read and write, in plain SQL: one query gathers a device's stored windows with the
 * rollout, ring, pause and action state of each, so a check-in costs one round trip when nothing is offered.
 * Runs inside the caller's transaction and tenant scope (row-level security filters every tenant table).
 */
@ApplicationScoped
public class OfferStore {

    /** A stored window as the rules see it, with the ids the service needs to act on the answer. */
    public record Stored(OfferCandidate candidate, UUID productId, Long actionId, double maxConcurrentShare,
                         boolean rolloutStopped) {
    }

    private static final String CANDIDATES = """
            SELECT w.release_id, w.rollout_id, w.ring_position, w.window_start, w.window_end,
                   r.version, r.kind, p.key, p.id,
                   (ro.state = 'running' AND r.state IN ('published', 'rolling_out'))
                       OR (ro.state = 'completed' AND r.state = 'completed') AS rollout_running,
                   rr.state IN ('open', 'passed') AS ring_open,
                   coalesce(ro.state IN ('halted', 'aborted') OR r.state IN ('halted', 'withdrawn'), false) AS rollout_stopped,
                   (SELECT CASE WHEN max(x.position) = 0 THEN bool_and(x.state = 'passed')
                                ELSE bool_or(x.position = 1 AND x.state = 'passed') END
                      FROM rollout_rings x WHERE x.rollout_id = w.rollout_id) AS proven,
                   coalesce(up.paused, false) OR t.status <> 'active' AS paused,
                   coalesce(up.max_concurrent_share, 1) AS max_share,
                   a.id AS action_id, a.open AS action_open
              FROM release_windows w
              JOIN devices d ON d.id = w.device_id AND d.status = 'active'
              JOIN tenants t ON t.id = w.tenant_id
              JOIN releases r ON r.id = w.release_id
              JOIN products p ON p.id = r.product_id
              LEFT JOIN rollouts ro ON ro.id = w.rollout_id
              LEFT JOIN rollout_rings rr ON rr.rollout_id = w.rollout_id AND rr.position = w.ring_position
              LEFT JOIN update_policies up ON up.tenant_id = w.tenant_id AND up.product_id = r.product_id
              LEFT JOIN device_actions a ON a.device_id = w.device_id AND a.release_id = w.release_id
             WHERE w.tenant_id = ? AND w.device_id = ?""";

    @Inject
    AgroalDataSource dataSource;

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
     * The device's installed versions (as two arrays, so a device always gets one row) joined to each of its
     * windows. One statement rather than two, so the driver prepares it on the server once per connection and
     * PostgreSQL can reuse its plan instead of planning the join for every check-in.
     */
    private static final String LOOK = """
            SELECT c.*, i.keys AS installed_keys, i.versions AS installed_versions
              FROM (SELECT array_agg(p.key) AS keys, array_agg(v.version) AS versions
                      FROM device_installed_versions v JOIN products p ON p.id = v.product_id
                     WHERE v.tenant_id = ? AND v.device_id = ?) i
              LEFT JOIN LATERAL (""" + CANDIDATES + ") c ON true";

    /** The windows and the installed versions in one round trip. */
    public DeviceLook look(String tenantId, UUID deviceId) {
        return query(LOOK, statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, deviceId);
            statement.setString(3, tenantId);
            statement.setObject(4, deviceId);
        }, rows -> {
            List<Stored> candidates = new ArrayList<>();
            Map<String, String> installed = new HashMap<>();
            while (rows.next()) {
                if (installed.isEmpty() && rows.getArray("installed_keys") != null) {
                    String[] keys = (String[]) rows.getArray("installed_keys").getArray();
                    String[] versions = (String[]) rows.getArray("installed_versions").getArray();
                    for (int i = 0; i < keys.length; i++) {
                        installed.put(keys[i], versions[i]);
                    }
                }
                if (rows.getObject("release_id") != null) {
                    candidates.add(candidate(rows));
                }
            }
            return new DeviceLook(candidates, installed);
        });
    }

    public List<Stored> candidates(String tenantId, UUID deviceId) {
        return query(CANDIDATES, statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, deviceId);
        }, OfferStore::candidates);
    }

    private static List<Stored> candidates(ResultSet rows) throws SQLException {
        List<Stored> stored = new ArrayList<>();
        while (rows.next()) {
            stored.add(candidate(rows));
        }
        return stored;
    }

    private static Stored candidate(ResultSet rows) throws SQLException {
        Long actionId = rows.getObject("action_id") == null ? null : rows.getLong("action_id");
        OfferCandidate.ActionState action = actionId == null ? OfferCandidate.ActionState.NONE
                : rows.getBoolean("action_open") ? OfferCandidate.ActionState.IN_PROGRESS : OfferCandidate.ActionState.FINISHED;
        OfferCandidate candidate = new OfferCandidate(rows.getObject("release_id", UUID.class), rows.getObject("rollout_id", UUID.class),
                rows.getString("key"), SemanticVersion.parse(rows.getString("version")), rows.getInt("ring_position"),
                instant(rows, "window_start"), instant(rows, "window_end"),
                rows.getBoolean("rollout_running"), rows.getBoolean("ring_open"), rows.getBoolean("proven"),
                "rollback".equals(rows.getString("kind")), rows.getBoolean("paused"), action);
        return new Stored(candidate, rows.getObject("id", UUID.class), actionId, rows.getDouble("max_share"),
                rows.getBoolean("rollout_stopped"));
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

    /** Opens the device's action for the release and writes the {@code offered} event; answers the action id. */
    public long open(String tenantId, UUID deviceId, OfferCandidate candidate, Instant now) {
        long actionId = query("""
                INSERT INTO device_actions (tenant_id, device_id, release_id, rollout_id, ring_position, last_kind, open,
                                            unproven, offered_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'offered', true, ?, ?, ?) RETURNING id""", statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, deviceId);
            statement.setObject(3, candidate.releaseId());
            statement.setObject(4, candidate.rolloutId());
            statement.setInt(5, candidate.ringPosition());
            statement.setBoolean(6, !candidate.proven());
            statement.setObject(7, at(now));
            statement.setObject(8, at(now));
        }, rows -> {
            rows.next();
            return rows.getLong(1);
        });
        update("""
                INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, kind, occurred_at, received_at)
                VALUES (?, ?, ?, ?, 'offered', ?, ?)""", statement -> {
            statement.setString(1, tenantId);
            statement.setObject(2, deviceId);
            statement.setObject(3, candidate.releaseId());
            statement.setObject(4, candidate.rolloutId());
            statement.setObject(5, at(now));
            statement.setObject(6, at(now));
        });
        return actionId;
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
