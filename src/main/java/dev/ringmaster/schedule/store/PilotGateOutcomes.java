package dev.ringmaster.schedule.store;

import dev.ringmaster.schedule.fleet.PilotGateRule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stored outcome of each tenant's pilot gate per release ({@code pilot_gate_outcomes}), and what changed since
 * the last recomputation. Plain JDBC on the recomputation's connection and transaction, like the windows it is
 * computed with.
 *
 * <p>A row is written only where the outcome differs from the stored one, in one statement that answers the rows it
 * changed: whoever commits a change of outcome first is the only one that saw it, so its event is written once
 * however many replicas recompute the product (they are serialised by the product's advisory lock as well).
 */
public final class PilotGateOutcomes {

    /** A tenant's pilot gate for one release as the recomputation judged it. */
    record Observed(String tenantId, UUID releaseId, String product, String version, PilotGateRule.Outcome outcome) {
    }

    /**
     * The gate's outcome moved, or was first stored (then {@code from} is null: an absent row counts as pending).
     */
    public record Change(String tenantId, UUID releaseId, String product, String version, PilotGateRule.Outcome from,
                         PilotGateRule.Outcome to, Instant at) {

        /** Whether subscribers hear of it: reaching passed or failed; going back to pending is stored silently. */
        public boolean notable() {
            return to != PilotGateRule.Outcome.PENDING && to != (from == null ? PilotGateRule.Outcome.PENDING : from);
        }
    }

    private PilotGateOutcomes() {
    }

    /** Stores the outcomes that differ from the stored ones and answers those changes. */
    static List<Change> store(Connection connection, List<Observed> observed, Instant now) throws SQLException {
        if (observed.isEmpty()) {
            return List.of();
        }
        String[] tenants = new String[observed.size()];
        UUID[] releases = new UUID[observed.size()];
        String[] outcomes = new String[observed.size()];
        for (int i = 0; i < observed.size(); i++) {
            tenants[i] = observed.get(i).tenantId();
            releases[i] = observed.get(i).releaseId();
            outcomes[i] = observed.get(i).outcome().key();
        }
        // The old outcome comes from a snapshot read of the same statement; the conflict's WHERE decides against the
        // row as it is when locked, so a change another transaction committed meanwhile is not repeated.
        java.util.Map<String, Observed> byKey = new java.util.HashMap<>();
        observed.forEach(one -> byKey.put(one.tenantId() + "/" + one.releaseId(), one));
        List<Change> changes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH observed AS (
                    SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS text[])) AS o (tenant_id, release_id, outcome)
                ), before AS (
                    SELECT p.tenant_id, p.release_id, p.outcome FROM pilot_gate_outcomes p
                    JOIN observed o ON o.tenant_id = p.tenant_id AND o.release_id = p.release_id
                ), written AS (
                    INSERT INTO pilot_gate_outcomes AS p (tenant_id, release_id, outcome, changed_at)
                    SELECT tenant_id, release_id, outcome, ? FROM observed
                    ON CONFLICT (tenant_id, release_id) DO UPDATE SET outcome = EXCLUDED.outcome, changed_at = EXCLUDED.changed_at
                    WHERE p.outcome <> EXCLUDED.outcome
                    RETURNING p.tenant_id, p.release_id, p.outcome
                )
                SELECT w.tenant_id, w.release_id, b.outcome, w.outcome
                FROM written w LEFT JOIN before b ON b.tenant_id = w.tenant_id AND b.release_id = w.release_id
                ORDER BY w.tenant_id, w.release_id""")) {
            statement.setArray(1, connection.createArrayOf("text", tenants));
            statement.setArray(2, connection.createArrayOf("uuid", releases));
            statement.setArray(3, connection.createArrayOf("text", outcomes));
            statement.setTimestamp(4, Timestamp.from(now));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String from = rows.getString(3);
                    Observed one = byKey.get(rows.getString(1) + "/" + rows.getObject(2, UUID.class));
                    changes.add(new Change(one.tenantId(), one.releaseId(), one.product(), one.version(),
                            from == null ? null : PilotGateRule.Outcome.fromKey(from),
                            PilotGateRule.Outcome.fromKey(rows.getString(4)), now));
                }
            }
        }
        return changes;
    }
}
