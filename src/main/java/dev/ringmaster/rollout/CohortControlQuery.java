package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.Cohort;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.ControlGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Counts each cohort's control group ({@link ControlGroup}), beside {@link RingHealthQuery}: the rollout's devices of
 * the cohort, in any ring, that run the release's product and were never offered the release, and were checking in
 * when the period began; and how many of them have been quiet for the silence timeout since. Devices already quiet
 * before the period are left out: a device switched off last month says nothing about this week's network.
 *
 * <p>Native SQL over every tenant's devices, like the ring counts: callers are vendor staff or the reconciler.
 */
@ApplicationScoped
public class CohortControlQuery {

    private static final String SQL = """
            SELECT d.attributes ->> 'model', d.attributes ->> 'osBuild', d.attributes ->> 'region',
                   d.attributes ->> 'agentVersion', count(*), count(*) FILTER (WHERE p.last_seen_at < :quietSince)
            FROM release_windows w JOIN devices d ON d.id = w.device_id
            JOIN rollouts ro ON ro.id = w.rollout_id JOIN releases r ON r.id = ro.release_id
            JOIN device_installed_versions v ON v.device_id = w.device_id AND v.product_id = r.product_id
            JOIN device_presence p ON p.device_id = w.device_id
            WHERE w.rollout_id = :rollout AND d.status = 'active' AND p.last_seen_at >= :aliveSince
              AND NOT EXISTS (SELECT 1 FROM device_events e
                              WHERE e.rollout_id = :rollout AND e.device_id = w.device_id AND e.kind = 'offered')
            GROUP BY 1, 2, 3, 4
            """;

    @Inject
    EntityManager entityManager;

    /**
     * The control of each cohort over the period from {@code periodStart} (the ring's opening) to {@code now}, with the
     * ring's silence timeout. Cohorts without any such device are absent.
     */
    @SuppressWarnings("unchecked")
    public Map<Cohort, ControlGroup> byCohort(UUID rolloutId, CohortPlan plan, Instant periodStart,
                                              Duration silenceTimeout, Instant now) {
        Map<Cohort, ControlGroup> controls = new TreeMap<>();
        List<Object[]> rows = entityManager.createNativeQuery(SQL)
                .setParameter("rollout", rolloutId)
                .setParameter("aliveSince", Timestamp.from(periodStart.minus(silenceTimeout)))
                .setParameter("quietSince", Timestamp.from(now.minus(silenceTimeout)))
                .getResultList();
        for (Object[] row : rows) {
            Map<String, String> attributes = new HashMap<>();
            for (int i = 0; i < CohortPlan.KEYS.size(); i++) {
                if (row[i] != null) {
                    attributes.put(CohortPlan.KEYS.get(i), (String) row[i]);
                }
            }
            ControlGroup control = new ControlGroup(((Number) row[4]).intValue(), ((Number) row[5]).intValue());
            controls.merge(plan.cohortOf(attributes), control, ControlGroup::plus);
        }
        return controls;
    }
}
