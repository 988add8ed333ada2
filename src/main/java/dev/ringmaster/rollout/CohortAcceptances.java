package dev.ringmaster.rollout;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.rollout.gate.Coverage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Uncovered cohorts a vendor user accepted for one ring of a rollout (DESIGN.md, "Cohorts": an uncovered cohort needs
 * an explicit, audited vendor acceptance): stored with who and why, and read by {@link CohortJudgement}, which then
 * lets the ring pass on its own gate despite the shortfall.
 */
@ApplicationScoped
public class CohortAcceptances {

    @Inject
    EntityManager entityManager;

    @Inject
    AuditLog audit;

    /** Labels of the cohorts accepted uncovered for the ring. */
    @SuppressWarnings("unchecked")
    public Set<String> accepted(UUID rolloutId, int ring) {
        return new LinkedHashSet<>(entityManager.createNativeQuery("""
                        SELECT cohort FROM rollout_cohort_acceptances WHERE rollout_id = ?1 AND ring_position = ?2
                        ORDER BY cohort""")
                .setParameter(1, rolloutId).setParameter(2, ring).getResultList());
    }

    /** Records the acceptance of {@code uncovered} for the ring, audited once with every cohort and its count. */
    void accept(RolloutRecord record, int ring, List<Coverage.Row> uncovered, String actor, String reason, Instant now) {
        Map<String, Integer> cohorts = new LinkedHashMap<>();
        for (Coverage.Row row : uncovered) {
            entityManager.createNativeQuery("""
                            INSERT INTO rollout_cohort_acceptances
                                (id, rollout_id, ring_position, cohort, finished, reason, accepted_by, accepted_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, record.id).setParameter(3, ring)
                    .setParameter(4, row.cohort().label()).setParameter(5, row.finished()).setParameter(6, reason)
                    .setParameter(7, actor).setParameter(8, Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)))
                    .executeUpdate();
            cohorts.put(row.cohort().label(), row.finished());
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("ring", ring);
        after.put("ringName", record.plan.rings.get(ring).name);
        after.put("acceptedUncovered", cohorts);
        after.put("reason", reason);
        audit.record(null, "rollout.cohort-accept", "rollout", record.id, null, after);
    }
}
