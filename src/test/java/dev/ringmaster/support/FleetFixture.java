package dev.ringmaster.support;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.rollout.ring.DeviceBucket;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fleet for rollout-engine tests, written straight into the database below the engine's boundary: a tenant of
 * its own, devices with a last check-in, their rings for a rollout, and the events they would have reported.
 * Rings are assigned with the same bucket and ladder the release-window store uses, so rows that store writes
 * for the same devices agree with these.
 */
public final class FleetFixture {

    private final EntityManager em;
    private final String tenant;
    private final List<UUID> devices = new ArrayList<>();

    private FleetFixture(EntityManager em, String tenant) {
        this.em = em;
        this.tenant = tenant;
    }

    /** A new tenant with {@code size} devices, all last seen at {@code seen}. */
    public static FleetFixture create(EntityManager em, int size, Instant seen) {
        String tenant = "fx-" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 4);
        FleetFixture fleet = new FleetFixture(em, tenant);
        fleet.run("""
                INSERT INTO tenants (id, name, time_zone, created_at, updated_at)
                VALUES (?1, 'Fleet fixture', 'UTC', now(), now())
                """, tenant);
        for (int i = 0; i < size; i++) {
            fleet.devices.add(UUID.randomUUID());
        }
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < size; i++) {
                em.createNativeQuery("""
                                INSERT INTO devices (id, tenant_id, external_id, name, status, created_at, updated_at)
                                VALUES (?1, ?2, ?3, ?3, 'active', now(), now())""")
                        .setParameter(1, fleet.devices.get(i)).setParameter(2, tenant)
                        .setParameter(3, "dev-" + i + "-" + ThreadLocalRandom.current().nextInt(1_000_000)).executeUpdate();
                em.createNativeQuery("INSERT INTO device_presence (device_id, tenant_id, last_seen_at) VALUES (?1, ?2, ?3)")
                        .setParameter(1, fleet.devices.get(i)).setParameter(2, tenant).setParameter(3, Timestamp.from(seen)).executeUpdate();
            }
        }));
        return fleet;
    }

    public List<UUID> devices() {
        return List.copyOf(devices);
    }

    public String tenant() {
        return tenant;
    }

    /** An enrollment key of the fleet's tenant for {@code uses} devices; answers its secret. */
    public String enrollmentKey(int uses) {
        String secret = Secrets.generate("rmk_");
        run("""
                INSERT INTO enrollment_keys (id, tenant_id, name, key_hash, expires_at, max_uses, created_by, created_at)
                VALUES (?1, ?2, 'fleet fixture', ?3, now() + interval '1 day', ?4, 'fleet-fixture', now())
                """, UUID.randomUUID(), tenant, Secrets.hash(secret), uses);
        return secret;
    }

    /** The tenant follows the product's rollouts at once: automatic, no deferral, no windows, no cap. */
    public void followsRolloutsAtOnce(String productKey) {
        run("""
                INSERT INTO update_policies (id, tenant_id, product_id, mode, deferral_seconds, updated_by, updated_at)
                SELECT ?1, ?2, id, 'automatic', 0, 'fleet-fixture', now() FROM products WHERE key = ?3
                """, UUID.randomUUID(), tenant, productKey);
    }

    /** Retires the fleet's devices, so later tests' window recomputes do not carry them. */
    public void retireAll() {
        run("UPDATE devices SET status = 'retired', token_hash = NULL WHERE tenant_id = ?1", tenant);
    }

    /** Puts every device of the fleet into its ring of the rollout (by bucket), unless the window store did already. */
    public void assignRings(UUID rolloutId) {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> {
            Object[] plan = (Object[]) em.createNativeQuery("""
                            SELECT p.key, rp.salt, r.release_id FROM rollouts r
                            JOIN ring_plans rp ON rp.id = r.ring_plan_id JOIN products p ON p.id = rp.product_id
                            WHERE r.id = ?1""").setParameter(1, rolloutId).getSingleResult();
            @SuppressWarnings("unchecked")
            List<BigDecimal> shares = em.createNativeQuery("""
                            SELECT ri.cumulative_share FROM rings ri JOIN rollouts r ON r.ring_plan_id = ri.ring_plan_id
                            WHERE r.id = ?1 ORDER BY ri.position""").setParameter(1, rolloutId).getResultList();
            RingLadder ladder = new RingLadder(shares);
            for (UUID device : devices) {
                int ring = ladder.ringOf(DeviceBucket.of(device, (String) plan[0], (String) plan[1]));
                em.createNativeQuery("""
                                INSERT INTO release_windows (tenant_id, device_id, release_id, rollout_id, ring_position, computed_at)
                                VALUES (?1, ?2, ?3, ?4, ?5, now()) ON CONFLICT (device_id, release_id) DO NOTHING""")
                        .setParameter(1, tenant).setParameter(2, device).setParameter(3, plan[2])
                        .setParameter(4, rolloutId).setParameter(5, ring).executeUpdate();
            }
        }));
    }

    /** The fleet's devices in one ring of the rollout, as stored. */
    public List<UUID> inRing(UUID rolloutId, int ring) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> found = em.createNativeQuery("""
                            SELECT device_id FROM release_windows
                            WHERE tenant_id = ?1 AND rollout_id = ?2 AND ring_position = ?3 ORDER BY device_id""")
                    .setParameter(1, tenant).setParameter(2, rolloutId).setParameter(3, ring).getResultList();
            return found;
        }));
    }

    /** One event per device, as if each had reported it at {@code at}; the device counts as seen then too. */
    public void report(List<UUID> reporting, UUID rolloutId, String kind, Instant at) {
        for (UUID device : reporting) {
            run("""
                    INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, client_event_id, kind,
                                               occurred_at, received_at)
                    SELECT ?1, ?2, release_id, id, ?3, ?4, ?5, ?5 FROM rollouts WHERE id = ?6
                    """, tenant, device, UUID.randomUUID().toString(), kind, Timestamp.from(at), rolloutId);
        }
        seen(reporting, at);
    }

    /**
     * The devices check in at {@code at} running the rollout's release, as a native check-in records it: a reported
     * success counts in the gate only once the device is seen running the new version.
     */
    public void runRelease(List<UUID> devices, UUID rolloutId, Instant at) {
        for (UUID device : devices) {
            run("""
                    INSERT INTO device_installed_versions (tenant_id, device_id, product_id, version, reported_at)
                    SELECT ?1, ?2, r.product_id, r.version, ?3 FROM rollouts ro JOIN releases r ON r.id = ro.release_id
                     WHERE ro.id = ?4
                    ON CONFLICT (device_id, product_id) DO UPDATE SET version = EXCLUDED.version, reported_at = EXCLUDED.reported_at
                    """, tenant, device, Timestamp.from(at), rolloutId);
        }
        seen(devices, at);
    }

    public void seen(List<UUID> checkingIn, Instant at) {
        for (UUID device : checkingIn) {
            run("""
                    INSERT INTO device_presence (device_id, tenant_id, last_seen_at) SELECT id, tenant_id, ?1 FROM devices WHERE id = ?2
                    ON CONFLICT (device_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at""", Timestamp.from(at), device);
        }
    }

    /**
     * Every device of the rollout's ring except {@code except} checks in at {@code at}, whichever tenant it
     * belongs to: release windows cover every tenant's fleet, so devices other tests left behind are in the
     * ring too, and a ring-wide question (did the others go quiet?) has to include them.
     */
    public void seenInRingExcept(UUID rolloutId, int ring, List<UUID> except, Instant at) {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO device_presence (device_id, tenant_id, last_seen_at)
                        SELECT device_id, tenant_id, ?1 FROM release_windows
                         WHERE rollout_id = ?2 AND ring_position = ?3 AND NOT (device_id = ANY (?4))
                        ON CONFLICT (device_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at""")
                .setParameter(1, Timestamp.from(at)).setParameter(2, rolloutId).setParameter(3, ring)
                .setParameter(4, except.toArray(UUID[]::new)).executeUpdate()));
    }

    private void run(String sql, Object... parameters) {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            query.executeUpdate();
        }));
    }
}
