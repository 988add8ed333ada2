package dev.ringmaster.rollout;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.rollout.gate.CohortGate;
import dev.ringmaster.webhook.RolloutNotices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cohorts of a rollout that failed their gate under a quarantining plan: stored, audited, told to webhook subscribers
 * ({@code cohort.quarantined}, through the outbox in the same transaction), and lifted by a vendor user with a reason. A quarantine and its lifting change what devices are offered, so both fire {@link RolloutChanged},
 * which the device caches already listen to.
 */
@ApplicationScoped
public class CohortQuarantines {

    /** A quarantine as the API shows it; {@code liftedAt} null while it stands. */
    public record QuarantineView(String cohort, int ring, String reason, Instant quarantinedAt, Instant liftedAt,
                                 String liftedBy, String liftReason) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<RolloutChanged> changed;

    @Inject
    RolloutNotices notices;

    /** Labels of the rollout's standing quarantines. */
    @SuppressWarnings("unchecked")
    public Set<String> standing(UUID rolloutId) {
        return new LinkedHashSet<>(entityManager.createNativeQuery("""
                        SELECT cohort FROM rollout_cohort_quarantines WHERE rollout_id = ?1 AND lifted_at IS NULL
                        ORDER BY cohort""")
                .setParameter(1, rolloutId).getResultList());
    }

    /** Every quarantine of the rollout, standing and lifted, oldest first. */
    @SuppressWarnings("unchecked")
    public List<QuarantineView> all(UUID rolloutId) {
        List<QuarantineView> views = new ArrayList<>();
        for (Object[] row : (List<Object[]>) entityManager.createNativeQuery("""
                        SELECT cohort, ring_position, reason, quarantined_at, lifted_at, lifted_by, lift_reason
                        FROM rollout_cohort_quarantines WHERE rollout_id = ?1 ORDER BY quarantined_at, cohort""")
                .setParameter(1, rolloutId).getResultList()) {
            views.add(new QuarantineView((String) row[0], ((Number) row[1]).intValue(), (String) row[2],
                    instant(row[3]), instant(row[4]), (String) row[5], (String) row[6]));
        }
        return views;
    }

    /** Within the reconciler's pass: quarantines each failing cohort, audited by the system. */
    void quarantine(RolloutRecord record, int ring, List<CohortGate.Verdict> failing, Instant now) {
        for (CohortGate.Verdict verdict : failing) {
            entityManager.createNativeQuery("""
                            INSERT INTO rollout_cohort_quarantines (id, rollout_id, cohort, ring_position, reason, quarantined_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, record.id)
                    .setParameter(3, verdict.cohort().label()).setParameter(4, ring)
                    .setParameter(5, verdict.reason()).setParameter(6, Timestamp.from(now))
                    .executeUpdate();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("cohort", verdict.cohort().label());
            after.put("ring", ring);
            after.put("ringName", record.plan.rings.get(ring).name);
            after.put("reason", verdict.reason());
            audit.record(null, "rollout.cohort-quarantine", "rollout", record.id, null, after);
            notices.cohortQuarantined(Rollouts.about(record), verdict.cohort().label(), ring,
                    record.plan.rings.get(ring).name, verdict.reason(), now);
        }
        if (!failing.isEmpty()) {
            changed.fire(new RolloutChanged(record.id, record.release.id, record.release.product.id));
        }
    }

    /** A vendor user lifts a standing quarantine: the cohort is offered the release again and judged again. */
    @Transactional
    public List<QuarantineView> lift(UUID rolloutId, String cohort, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new UnprocessableException("reason", "lifting a quarantine offers a failing cohort the release again, "
                    + "so it needs a reason");
        }
        if (cohort == null || cohort.isBlank()) {
            throw new UnprocessableException("cohort", "must name a quarantined cohort");
        }
        RolloutRecord record = RolloutRecord.findById(rolloutId);
        if (record == null) {
            throw new NotFoundException("no rollout " + rolloutId);
        }
        int lifted = entityManager.createNativeQuery("""
                        UPDATE rollout_cohort_quarantines SET lifted_at = ?1, lifted_by = ?2, lift_reason = ?3
                        WHERE rollout_id = ?4 AND cohort = ?5 AND lifted_at IS NULL""")
                .setParameter(1, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                .setParameter(2, actor).setParameter(3, reason).setParameter(4, rolloutId).setParameter(5, cohort)
                .executeUpdate();
        if (lifted == 0) {
            throw new ConflictException("cohort '" + cohort + "' is not quarantined in rollout " + rolloutId);
        }
        audit.record(null, "rollout.cohort-lift", "rollout", rolloutId, Map.of("cohort", cohort, "quarantined", true),
                Map.of("cohort", cohort, "quarantined", false, "reason", reason));
        changed.fire(new RolloutChanged(record.id, record.release.id, record.release.product.id));
        return all(rolloutId);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value;
    }
}
