package dev.ringmaster.schedule.store;

import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Vendor-side data for window tests written straight into the tables the rollout engine owns (products, releases,
 * ring plans, rollouts), so the tests depend only on the schema contract. Every product key is unique to its test.
 */
final class WindowFixture {

    final UUID productId = UUID.randomUUID();
    final String productKey;
    final UUID releaseId = UUID.randomUUID();
    final UUID planId = UUID.randomUUID();
    final UUID rolloutId = UUID.randomUUID();
    static final String SALT = "fixture-salt";
    /** Ring shares: 10 % canary, 50 % early, the rest broad; soaks 1 h and 72 h. */
    static final List<String> SHARES = List.of("0.1", "0.5", "1");

    private WindowFixture(String productKey) {
        this.productKey = productKey;
    }

    static <T> T system(Supplier<T> work) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(work::get));
    }

    static void sql(String statement, Object... parameters) {
        system(() -> {
            var query = Panache.getEntityManager().createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i] instanceof Instant instant ? Timestamp.from(instant) : parameters[i];
                query.setParameter(i + 1, value);
            }
            return query.executeUpdate();
        });
    }

    /** A running rollout of version 1.0.0 whose rings 0 and 1 opened at the given instants. */
    static WindowFixture running(String productKey, Instant ring0, Instant ring1) {
        WindowFixture fixture = new WindowFixture(productKey);
        Instant created = ring0.minusSeconds(86_400);
        sql("INSERT INTO products (id, key, name, created_at) VALUES (?1, ?2, ?2, ?3)", fixture.productId, productKey, created);
        sql("""
                INSERT INTO releases (id, product_id, version, version_major, version_minor, version_patch, state, created_by,
                                      created_at, published_at)
                VALUES (?1, ?2, '1.0.0', 1, 0, 0, 'rolling_out', 'test', ?3, ?3)""", fixture.releaseId, fixture.productId, created);
        sql("INSERT INTO ring_plans (id, product_id, name, salt, is_default, created_at) VALUES (?1, ?2, 'default', ?3, true, ?4)",
                fixture.planId, fixture.productId, SALT, created);
        long[] soaks = {3_600, 259_200, 0};
        for (int position = 0; position < SHARES.size(); position++) {
            sql("""
                    INSERT INTO rings (id, ring_plan_id, position, name, cumulative_share, min_soak_seconds,
                                       gate_max_failure_rate, silence_timeout_seconds)
                    VALUES (?1, ?2, ?3, ?4, CAST(?5 AS numeric), ?6, 0.05, 3600)""",
                    UUID.randomUUID(), fixture.planId, position, "ring-" + position, SHARES.get(position), soaks[position]);
        }
        sql("""
                INSERT INTO rollouts (id, release_id, ring_plan_id, state, current_ring, started_at, state_changed_at,
                                      created_by, created_at)
                VALUES (?1, ?2, ?3, 'running', 1, ?4, ?4, 'test', ?4)""", fixture.rolloutId, fixture.releaseId, fixture.planId, ring0);
        sql("INSERT INTO rollout_rings (rollout_id, position, state, opened_at, passed_at) VALUES (?1, 0, 'passed', ?2, ?3)",
                fixture.rolloutId, ring0, ring1);
        sql("INSERT INTO rollout_rings (rollout_id, position, state, opened_at) VALUES (?1, 1, 'open', ?2)", fixture.rolloutId, ring1);
        sql("INSERT INTO rollout_rings (rollout_id, position, state) VALUES (?1, 2, 'pending')", fixture.rolloutId);
        return fixture;
    }

    /** The tenant's stored windows of this product by device, without computed_at. */
    @SuppressWarnings("unchecked")
    Map<UUID, List<Object>> stored(String tenantId) {
        return system(() -> {
            List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                            SELECT w.device_id, w.release_id, w.rollout_id, w.ring_position, w.earliest_start, w.window_start,
                                   w.window_end, w.forecast, w.reasons::text
                            FROM release_windows w JOIN releases r ON r.id = w.release_id
                            WHERE r.product_id = ?1 AND w.tenant_id = ?2""")
                    .setParameter(1, productId).setParameter(2, tenantId).getResultList();
            Map<UUID, List<Object>> byDevice = new TreeMap<>();
            for (Object[] row : rows) {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i < row.length; i++) {
                    values.add(row[i] == null ? "null" : row[i].toString());
                }
                byDevice.put((UUID) row[0], values);
            }
            return byDevice;
        });
    }

    @SuppressWarnings("unchecked")
    static List<UUID> activeDevices(String tenantId) {
        return system(() -> Panache.getEntityManager()
                .createNativeQuery("SELECT id FROM devices WHERE tenant_id = ?1 AND status = 'active' ORDER BY id")
                .setParameter(1, tenantId).getResultList());
    }

    static UUID device(String tenantId, String externalId) {
        return system(() -> (UUID) Panache.getEntityManager()
                .createNativeQuery("SELECT id FROM devices WHERE tenant_id = ?1 AND external_id = ?2")
                .setParameter(1, tenantId).setParameter(2, externalId).getSingleResult());
    }
}
