package dev.ringmaster.support;

import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * TEST FIXTURE STANDING IN FOR UPSTREAM PARTS NOT IN THIS BRANCH YET: rollouts and their rings (the rollout
 * engine's persisted state) and release windows (the window planner's output) written straight into their
 * V1 tables. The device API only reads these rows; once rollout start and window computation are merged,
 * the tests should create them through those APIs instead, and this class goes away.
 *
 * <p>A policy edit recomputes the tenant's stored windows in its own transaction (the window store), which
 * replaces rows written here; tests write their windows again after such an edit.
 */
public final class WindowFixture {

    private WindowFixture() {
    }

    /**
     * A rollout of the release over the product's default ring plan, every ring pending, in the given state.
     * {@code rings} must be the plan's ring count: the rollout engine loads these rows too.
     */
    public static UUID rollout(UUID releaseId, String state, int rings) {
        UUID id = UUID.randomUUID();
        run("""
                INSERT INTO rollouts (id, release_id, ring_plan_id, state, current_ring, started_at, state_changed_at, created_by, created_at)
                SELECT ?, r.id, (SELECT p.id FROM ring_plans p WHERE p.product_id = r.product_id ORDER BY p.is_default DESC LIMIT 1),
                       ?, 0, now(), now(), 'window-fixture', now()
                  FROM releases r WHERE r.id = ?""", id, state, releaseId);
        long planRings = count("SELECT count(*) FROM rings WHERE ring_plan_id = (SELECT ring_plan_id FROM rollouts WHERE id = ?)", id);
        if (planRings != rings) {
            throw new IllegalArgumentException("the plan has " + planRings + " rings, not " + rings);
        }
        for (int position = 0; position < rings; position++) {
            run("INSERT INTO rollout_rings (rollout_id, position, state) VALUES (?, ?, 'pending')", id, position);
        }
        return id;
    }

    public static void ring(UUID rolloutId, int position, String state) {
        run("""
                UPDATE rollout_rings SET state = ?, opened_at = coalesce(opened_at, now()),
                       passed_at = CASE WHEN ? = 'passed' THEN coalesce(passed_at, now()) END
                WHERE rollout_id = ? AND position = ?""", state, state, rolloutId, position);
    }

    public static void rolloutState(UUID rolloutId, String state) {
        run("UPDATE rollouts SET state = ?, state_changed_at = now() WHERE id = ?", state, rolloutId);
    }

    /** The device's window for the release; {@code end} null: open-ended. */
    public static void window(String tenant, UUID deviceId, UUID releaseId, UUID rolloutId, int ring, Instant start, Instant end) {
        run("""
                INSERT INTO release_windows (tenant_id, device_id, release_id, rollout_id, ring_position, earliest_start,
                                             window_start, window_end, forecast, reasons, computed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, false, '[]'::jsonb, now())
                ON CONFLICT (device_id, release_id) DO UPDATE SET window_start = EXCLUDED.window_start,
                       window_end = EXCLUDED.window_end, ring_position = EXCLUDED.ring_position, rollout_id = EXCLUDED.rollout_id,
                       computed_at = now()""",
                tenant, deviceId, releaseId, rolloutId, ring, start, start, end);
    }

    public static UUID releaseId(String product, String version) {
        return query("SELECT r.id FROM releases r JOIN products p ON p.id = r.product_id WHERE p.key = ? AND r.version = ?",
                product, version);
    }

    public static UUID deviceId(String tenant, String externalId) {
        return query("SELECT id FROM devices WHERE tenant_id = ? AND external_id = ?", tenant, externalId);
    }

    /** How many rows the query counts, over all tenants. */
    public static long count(String sql, Object... parameters) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource().getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }));
    }

    private static UUID query(String sql, Object... parameters) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource().getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
                 ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }));
    }

    public static void run(String sql, Object... parameters) {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource().getConnection(); PreparedStatement statement = prepare(connection, sql, parameters)) {
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : parameters[i];
            statement.setObject(i + 1, value);
        }
        return statement;
    }

    private static AgroalDataSource dataSource() {
        return Arc.container().instance(AgroalDataSource.class).get();
    }
}
