package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.RingHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Counts where one ring's devices stand with a rollout's release, from the devices' own events. A device's ring
 * is the ring of its stored release window; the newest event of a device decides its stage, except that a
 * reported outcome (succeeded, failed) outranks any progress event that arrives after it out of order.
 *
 * <p>Silence: an offered device without an outcome that has shown no sign of life (check-in or event) for the
 * ring's silence timeout counts as silent. The ring's devices not yet offered are counted too, and how many of
 * them went as quiet, so the gate can tell an outage from a release that bricks devices.
 *
 * <p>The steps are materialised: inlined, PostgreSQL may re-run the per-device event scans once per ring device,
 * which at 10,000 devices turned a sub-second count into minutes.
 *
 * <p>Native SQL over every tenant's devices: callers are vendor staff or the reconciler's system scope, and
 * row-level security lets both see all tenants.
 */
@ApplicationScoped
public class RingHealthQuery {

    private static final String SQL = """
            WITH ring_devices AS MATERIALIZED (
                SELECT w.device_id, p.last_seen_at
                FROM release_windows w JOIN devices d ON d.id = w.device_id
                LEFT JOIN device_presence p ON p.device_id = w.device_id
                WHERE w.rollout_id = :rollout AND w.ring_position = :ring AND d.status = 'active'
            ), offers AS MATERIALIZED (
                SELECT e.device_id, min(e.occurred_at) AS offered_at, max(e.occurred_at) AS last_event_at
                FROM device_events e
                WHERE e.rollout_id = :rollout
                GROUP BY e.device_id
                HAVING bool_or(e.kind = 'offered')
            ), stage AS MATERIALIZED (
                SELECT DISTINCT ON (e.device_id) e.device_id, e.kind
                FROM device_events e
                WHERE e.rollout_id = :rollout AND e.kind NOT IN ('offered', 'rejected', 'note')
                ORDER BY e.device_id, (e.kind IN ('succeeded', 'failed')) DESC, e.occurred_at DESC, e.id DESC
            ), devices_in_ring AS (
                SELECT r.device_id,
                       o.device_id IS NOT NULL AS offered,
                       s.kind,
                       greatest(r.last_seen_at, o.offered_at, o.last_event_at) AS last_sign,
                       r.last_seen_at
                FROM ring_devices r
                LEFT JOIN offers o ON o.device_id = r.device_id
                LEFT JOIN stage s ON s.device_id = r.device_id
            )
            SELECT
                count(*) FILTER (WHERE offered),
                count(*) FILTER (WHERE offered AND kind IN ('downloading', 'downloaded')
                                 AND last_sign >= :quietSince),
                count(*) FILTER (WHERE offered AND kind = 'installing' AND last_sign >= :quietSince),
                count(*) FILTER (WHERE offered AND kind = 'succeeded'),
                count(*) FILTER (WHERE offered AND kind = 'failed'),
                count(*) FILTER (WHERE offered AND (kind IS NULL OR kind NOT IN ('succeeded', 'failed'))
                                 AND last_sign < :quietSince),
                count(*) FILTER (WHERE NOT offered AND last_seen_at IS NOT NULL AND last_seen_at < :quietSince),
                count(*) FILTER (WHERE NOT offered AND last_seen_at IS NOT NULL)
            FROM devices_in_ring
            """;

    @Inject
    EntityManager entityManager;

    public RingHealth health(UUID rolloutId, int ring, Duration silenceTimeout, Instant now) {
        Object[] row = (Object[]) entityManager.createNativeQuery(SQL)
                .setParameter("rollout", rolloutId)
                .setParameter("ring", ring)
                .setParameter("quietSince", Timestamp.from(now.minus(silenceTimeout)))
                .getSingleResult();
        return new RingHealth(count(row[0]), count(row[1]), count(row[2]), count(row[3]), count(row[4]),
                count(row[5]), count(row[6]), count(row[7]));
    }

    private static int count(Object value) {
        return ((Number) value).intValue();
    }
}
