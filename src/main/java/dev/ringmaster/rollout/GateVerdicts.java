package dev.ringmaster.rollout;

import dev.ringmaster.rollout.engine.Outcome;
import dev.ringmaster.rollout.gate.GateOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The gate's verdict history per ring: what the reconciler's step judged, kept when it differs from the ring's last
 * verdict. A waiting ring is judged on every pass and its reasons change with each (the soak grows), so only a new
 * verdict is a new row; the audit log keeps the transitions, this keeps the waits and holds between them too.
 */
@ApplicationScoped
public class GateVerdicts {

    /** One stored verdict with the numbers it was judged on. */
    @Schema(name = "GateVerdict")
    public record Entry(int ring, Instant at, GateOutcome verdict, List<String> reasons, int offered, int finished,
                        int failures, int silent) {
    }

    @Inject
    EntityManager entityManager;

    /** Stores the verdict unless the ring's last one is the same. A second pass at the same instant replaces it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID rolloutId, Outcome.Verdict verdict, Instant at) {
        entityManager.createNativeQuery("""
                        INSERT INTO gate_verdicts (rollout_id, position, decided_at, verdict, reasons, offered, finished, failures, silent)
                        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
                        WHERE NOT EXISTS (
                            SELECT 1 FROM (SELECT verdict, decided_at FROM gate_verdicts WHERE rollout_id = ?1 AND position = ?2
                                           ORDER BY decided_at DESC LIMIT 1) last
                            WHERE last.verdict = ?4 AND last.decided_at <> ?3)
                        ON CONFLICT (rollout_id, position, decided_at) DO UPDATE SET
                            verdict = EXCLUDED.verdict, reasons = EXCLUDED.reasons, offered = EXCLUDED.offered,
                            finished = EXCLUDED.finished, failures = EXCLUDED.failures, silent = EXCLUDED.silent
                        """)
                .setParameter(1, rolloutId).setParameter(2, verdict.ring()).setParameter(3, Timestamp.from(at))
                .setParameter(4, verdict.decision().outcome().name().toLowerCase(Locale.ROOT))
                .setParameter(5, String.join("; ", verdict.decision().reasons()))
                .setParameter(6, verdict.health().offered()).setParameter(7, verdict.health().finished())
                .setParameter(8, verdict.health().failures()).setParameter(9, verdict.health().silent())
                .executeUpdate();
    }

    /** The rollout's verdicts, oldest first. */
    @Transactional
    public List<Entry> history(UUID rolloutId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT position, decided_at, verdict, reasons, offered, finished, failures, silent
                        FROM gate_verdicts WHERE rollout_id = ?1 ORDER BY decided_at, position
                        """)
                .setParameter(1, rolloutId).getResultList();
        return rows.stream().map(row -> new Entry(n(row[0]), instant(row[1]),
                GateOutcome.valueOf(((String) row[2]).toUpperCase(Locale.ROOT)), List.of(((String) row[3]).split("; ")),
                n(row[4]), n(row[5]), n(row[6]), n(row[7]))).toList();
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value;
    }

    private static int n(Object value) {
        return ((Number) value).intValue();
    }
}
