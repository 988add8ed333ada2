package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.RingHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The time series of ring health kept for charts. A sample is stored when the counts differ from the ring's
 * previous sample, so a quiet ring does not fill the table with copies; a chart draws a step from one sample
 * to the next.
 */
@ApplicationScoped
public class RingHealthSamples {

    public record Sample(Instant at, int offered, int downloading, int installing, int succeeded, int failed,
                         int silent, int stuck, int reverted, int unconfirmed) {
    }

    public record Series(int position, String name, List<Sample> samples) {
    }

    @Inject
    EntityManager entityManager;

    /**
     * Records the ring's counts at {@code at} unless they equal its last sample. A second pass at the same instant
     * (a test's frozen clock) replaces that instant's sample: the later pass saw the later reports.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID rolloutId, int position, Instant at, RingHealth health) {
        entityManager.createNativeQuery("""
                        INSERT INTO ring_health_samples
                            (rollout_id, position, sampled_at, offered, downloading, installing, succeeded, failed, silent,
                             stuck, reverted, unconfirmed)
                        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
                        WHERE NOT EXISTS (
                            SELECT 1 FROM (
                                SELECT offered, downloading, installing, succeeded, failed, silent, stuck, reverted, unconfirmed
                                FROM ring_health_samples WHERE rollout_id = ?1 AND position = ?2
                                ORDER BY sampled_at DESC LIMIT 1) last
                            WHERE (last.offered, last.downloading, last.installing, last.succeeded, last.failed, last.silent,
                                   last.stuck, last.reverted, last.unconfirmed)
                                = (?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12))
                        ON CONFLICT (rollout_id, position, sampled_at) DO UPDATE SET
                            offered = EXCLUDED.offered, downloading = EXCLUDED.downloading,
                            installing = EXCLUDED.installing, succeeded = EXCLUDED.succeeded, failed = EXCLUDED.failed,
                            silent = EXCLUDED.silent, stuck = EXCLUDED.stuck, reverted = EXCLUDED.reverted,
                            unconfirmed = EXCLUDED.unconfirmed
                        """)
                .setParameter(1, rolloutId).setParameter(2, position).setParameter(3, Timestamp.from(at))
                .setParameter(4, health.offered()).setParameter(5, health.downloading())
                .setParameter(6, health.installing()).setParameter(7, health.succeeded())
                .setParameter(8, health.failed()).setParameter(9, health.silent())
                .setParameter(10, health.stuck()).setParameter(11, health.reverted())
                .setParameter(12, health.unconfirmed())
                .executeUpdate();
    }

    /** The ring's last sample as a health (the not-yet-updated devices are not sampled: zero), if it has one. */
    @Transactional
    public Optional<RingHealth> last(UUID rolloutId, int position) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT offered, downloading, installing, succeeded, failed, silent, stuck, reverted, unconfirmed
                        FROM ring_health_samples WHERE rollout_id = ?1 AND position = ?2
                        ORDER BY sampled_at DESC LIMIT 1
                        """)
                .setParameter(1, rolloutId).setParameter(2, position).getResultList();
        return rows.stream().findFirst().map(row -> new RingHealth(n(row[0]), n(row[1]), n(row[2]), n(row[3]), n(row[4]),
                n(row[5]), 0, 0, n(row[6]), n(row[7]), n(row[8])));
    }

    /** Each ring's samples in time order, rings in plan order; rings without samples are left out. */
    @Transactional
    public List<Series> series(RolloutRecord record) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT position, sampled_at, offered, downloading, installing, succeeded, failed, silent,
                               stuck, reverted, unconfirmed
                        FROM ring_health_samples WHERE rollout_id = ?1 ORDER BY position, sampled_at
                        """)
                .setParameter(1, record.id).getResultList();
        Map<Integer, List<Sample>> byRing = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byRing.computeIfAbsent(((Number) row[0]).intValue(), position -> new ArrayList<>())
                    .add(new Sample(instant(row[1]), n(row[2]), n(row[3]), n(row[4]), n(row[5]), n(row[6]), n(row[7]),
                            n(row[8]), n(row[9]), n(row[10])));
        }
        List<Series> series = new ArrayList<>();
        // The plan may have been replaced since an ended rollout ran on it; its positions may no longer exist.
        byRing.forEach((position, samples) -> series.add(new Series(position, position < record.plan.rings.size()
                ? record.plan.rings.get(position).name : "ring " + position, samples)));
        return series;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value;
    }

    private static int n(Object value) {
        return ((Number) value).intValue();
    }
}
