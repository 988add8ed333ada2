package dev.ringmaster.device.feedback;

import dev.ringmaster.device.ConfigDataStamps;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.PilotConfirmations;
import dev.ringmaster.device.checkin.DecisionCache;
import dev.ringmaster.device.offer.DeviceRowsCache;
import dev.ringmaster.device.offer.SharedFacts;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.schedule.store.PilotGateRefresh;
import dev.ringmaster.persistence.Coalesced;
import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/**
 * Stores what devices report about their actions. Each report is one device_events row, keyed by the
 * device's event id, and moves the action on: a retry of the same report is answered as before and counted
 * once; a report out of order or after the final result is refused and changes nothing; an action that is
 * not this device's is unknown. A success records the release's version as installed. Warnings and notes are
 * kept in the history and move nothing.
 */
@ApplicationScoped
public class Feedback {

    /** {@code recorded}: false when the same report had been stored already (a retry). */
    public record Outcome(long actionId, EventKind state, boolean open, boolean recorded) {
    }

    /** Thrown for a report on an action that is closed: hawkBit answers such feedback 410 Gone. */
    public static class ActionClosed extends ConflictException {
        public ActionClosed(String message) {
            super(message);
        }
    }

    /**
     * One report waiting for its batch. Not a record: two equal reports sent at once (a retry racing its original)
     * are two asks, recorded one after the other, so the second is answered as a retry.
     */
    private static final class Report {
        private final CurrentDevice.AuthenticatedDevice device;
        private final DeviceReport report;
        private final boolean keepOutOfOrder;

        Report(CurrentDevice.AuthenticatedDevice device, DeviceReport report, boolean keepOutOfOrder) {
            this.device = device;
            this.report = report;
            this.keepOutOfOrder = keepOutOfOrder;
        }

        Outcome recordWith(Feedback feedback, Connection connection) throws SQLException {
            return feedback.record(connection, device, report, keepOutOfOrder);
        }
    }

    /** What a batch answers one report: its outcome, or the refusal its device gets. */
    private record Recorded(Outcome stored, RuntimeException refusal) {

        static Recorded of(Outcome outcome) {
            return new Recorded(outcome, null);
        }

        static Recorded refused(RuntimeException refusal) {
            return new Recorded(null, refusal);
        }

        Outcome outcome() {
            if (refusal != null) {
                throw refusal;
            }
            return stored;
        }
    }

    /** A report refused before it wrote anything: the batch goes on with the next one. */
    private static final class ReportRefused extends RuntimeException {
        ReportRefused(RuntimeException refusal) {
            super(refusal.getMessage(), refusal, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private static final Logger LOG = Logger.getLogger(Feedback.class);

    /** More reports than this waiting at once go in the next batch. */
    private static final int MAX_BATCH = 128;

    /** Batches of one tenant recorded at once: one commits while the next is written. */
    private static final int PARALLEL = 2;

    /** One batcher per tenant that reported on this replica; it holds only the reports waiting. */
    private final Map<String, Coalesced<Report, Recorded>> batchers = new ConcurrentHashMap<>();

    private record Action(long id, UUID releaseId, UUID rolloutId, EventKind last, boolean open, boolean rolloutStopped) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DecisionCache decisions;

    @Inject
    DeviceRowsCache rowsCache;

    @Inject
    Clock clock;

    @Inject
    PilotGateRefresh pilotGates;

    @Inject
    PilotConfirmations confirmations;

    @Inject
    ConfigDataStamps configDataStamps;

    public Outcome report(CurrentDevice.AuthenticatedDevice device, DeviceReport report) {
        return store(device, report, false);
    }

    /**
     * As {@link #report}, for agents that send progress in any order (hawkBit's): a step that would move the
     * action backwards is kept in the device's history and leaves the action where it is, instead of being refused.
     */
    public Outcome keep(CurrentDevice.AuthenticatedDevice device, DeviceReport report) {
        return store(device, report, true);
    }

    private Outcome store(CurrentDevice.AuthenticatedDevice device, DeviceReport report, boolean keepOutOfOrder) {
        Outcome outcome = batchers.computeIfAbsent(device.tenantId(), tenant -> new Coalesced<Report, Recorded>(
                        reports -> recordAll(tenant, reports), PARALLEL, MAX_BATCH))
                .get(new Report(device, report, keepOutOfOrder)).outcome();
        if (outcome.recorded()) {
            // Rows first, as the change feed does: no answer computed from the old rows is stored after this.
            rowsCache.forget(device.id());
            decisions.forget(device.id());
            if (outcome.state() == EventKind.SUCCEEDED) {
                // An update finished: its next DDI poll asks for its attributes again (ConfigDataWanted).
                configDataStamps.forget(device.id());
            }
            // A pilot's outcome moves its tenant's pilot gate: the other devices must not be served the old answer.
            PilotGateRefresh.Refreshed refreshed = outcome.state().terminal()
                    ? pilotGates.outcomeReported(device.tenantId(), device.id(), outcome.actionId())
                    : PilotGateRefresh.Refreshed.NOT_A_PILOT;
            confirmations.forgetAfter(device.tenantId(), refreshed);
            if (refreshed.pilot() && outcome.state() == EventKind.SUCCEEDED) {
                // Its success counts once it checks in running the release: that check-in moves the gate again.
                confirmations.succeeded(device.id(), device.tenantId(), outcome.actionId(), clock.instant());
            }
        }
        return outcome;
    }

    /**
     * Records the reports of one tenant that arrived together in one transaction, in the order they came, so a
     * burst of reports shares its commits. A report refused (unknown action, out of order, closed) is refused
     * before it writes anything, so it leaves the others' writes alone. A database error (a deadlock with another
     * replica's batch, a retry racing its original) fails the whole transaction: each report is then recorded again
     * alone, in a transaction of its own, and only its own error reaches its device.
     */
    private Map<Report, Recorded> recordAll(String tenantId, List<Report> reports) {
        if (reports.size() > 1) {
            try {
                return BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> {
                    Map<Report, Recorded> recorded = new HashMap<>();
                    try (Connection connection = dataSource.getConnection()) {
                        // By action, so two replicas' batches lock the actions they share in the same order.
                        for (Report one : reports.stream().sorted(Comparator.comparingLong(one -> one.report.actionId())).toList()) {
                            try {
                                recorded.put(one, Recorded.of(one.recordWith(this, connection)));
                            } catch (ReportRefused refused) {
                                recorded.put(one, Recorded.refused(refused.getCause()));
                            }
                        }
                    }
                    return recorded;
                }));
            } catch (RuntimeException databaseError) {
                LOG.debugf(databaseError, "a batch of %d device reports failed; recording each alone", reports.size());
            }
        }
        Map<Report, Recorded> recorded = new HashMap<>();
        for (Report one : reports) {
            try {
                recorded.put(one, Recorded.of(BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        return one.recordWith(this, connection);
                    }
                }))));
            } catch (ReportRefused refused) {
                recorded.put(one, Recorded.refused(refused.getCause()));
            } catch (RuntimeException failed) {
                recorded.put(one, Recorded.refused(failed));
            }
        }
        return recorded;
    }

    private Outcome record(Connection connection, CurrentDevice.AuthenticatedDevice device, DeviceReport report,
                           boolean keepOutOfOrder) throws SQLException {
        Instant now = clock.instant();
        Action action = lockAction(connection, device, report.actionId())
                .orElseThrow(() -> new ReportRefused(new NotFoundException("action " + report.actionId() + " is not known for this device")));
        Previous previous = previous(connection, device.id(), report.eventId());
        if (previous != null) {
            if (previous.actionId() == action.id() && previous.kind() == report.kind()
                    && Objects.equals(previous.progress(), report.progress())) {
                return new Outcome(action.id(), action.last(), action.open(), false);
            }
            throw new ReportRefused(new ConflictException("event id '" + report.eventId() + "' was already used for a different report"));
        }
        boolean moves = report.kind().movesAction();
        switch (ActionProgress.check(action.last(), report.kind())) {
            case NOT_REPORTABLE -> throw new ReportRefused(new UnprocessableException("kind",
                    "'" + report.kind() + "' is written by the service, not reported by devices"));
            case ALREADY_FINISHED -> throw new ReportRefused(new ActionClosed("action " + action.id() + " already finished as "
                    + action.last() + "; nothing more is recorded for it"));
            case OUT_OF_ORDER -> {
                if (!keepOutOfOrder) {
                    throw new ReportRefused(new ConflictException("action " + action.id() + " is at " + action.last()
                            + "; a report of " + report.kind() + " would move it backwards"));
                }
                moves = false;
            }
            case ACCEPT -> {
            }
        }
        // A success that comes once the rollout stopped is the device's truth (it runs the release now), but
        // the stopped rollout's rings must not look healthier for it: the event is not filed under the rollout.
        boolean countsForRollout = !(action.rolloutStopped() && report.kind() == EventKind.SUCCEEDED);
        insertEvent(connection, device, action, report, now, countsForRollout);
        if (!moves) {
            return new Outcome(action.id(), action.last(), action.open(), true);
        }
        boolean open = !report.kind().terminal();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE device_actions SET last_kind = ?, open = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, report.kind().code());
            update.setBoolean(2, open);
            update.setObject(3, now.atOffset(ZoneOffset.UTC));
            update.setLong(4, action.id());
            update.executeUpdate();
        }
        if (report.kind() == EventKind.SUCCEEDED) {
            recordInstalled(connection, device, action.releaseId(), now);
        }
        return new Outcome(action.id(), report.kind(), open, true);
    }

    private java.util.Optional<Action> lockAction(Connection connection, CurrentDevice.AuthenticatedDevice device, long actionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.id, a.release_id, a.rollout_id, a.last_kind, a.open, ro.state, r.state
                  FROM device_actions a JOIN releases r ON r.id = a.release_id LEFT JOIN rollouts ro ON ro.id = a.rollout_id
                 WHERE a.id = ? AND a.device_id = ? AND a.tenant_id = ? FOR NO KEY UPDATE OF a""")) {
            select.setLong(1, actionId);
            select.setObject(2, device.id());
            select.setString(3, device.tenantId());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new Action(rows.getLong(1), rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                        EventKind.fromCode(rows.getString(4)), rows.getBoolean(5), SharedFacts.stopped(rows.getString(6), rows.getString(7))));
            }
        }
    }

    private record Previous(Long actionId, EventKind kind, Integer progress) {
    }

    private Previous previous(Connection connection, UUID deviceId, String eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.id, e.kind, e.progress FROM device_events e
                  LEFT JOIN device_actions a ON a.device_id = e.device_id AND a.release_id = e.release_id
                 WHERE e.device_id = ? AND e.client_event_id = ?""")) {
            select.setObject(1, deviceId);
            select.setString(2, eventId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new Previous(rows.getObject(1) == null ? null : rows.getLong(1), EventKind.fromCode(rows.getString(2)),
                        rows.getObject(3) == null ? null : rows.getInt(3));
            }
        }
    }

    private void insertEvent(Connection connection, CurrentDevice.AuthenticatedDevice device, Action action, DeviceReport report,
                             Instant now, boolean countsForRollout) throws SQLException {
        Instant occurred = report.occurredAt() == null || report.occurredAt().isAfter(now) ? now : report.occurredAt();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, client_event_id, kind, detail, progress,
                                           occurred_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, device.tenantId());
            insert.setObject(2, device.id());
            insert.setObject(3, action.releaseId());
            insert.setObject(4, countsForRollout ? action.rolloutId() : null);
            insert.setString(5, report.eventId());
            insert.setString(6, report.kind().code());
            insert.setString(7, report.detail());
            insert.setObject(8, report.progress());
            insert.setObject(9, occurred.atOffset(ZoneOffset.UTC));
            insert.setObject(10, now.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private void recordInstalled(Connection connection, CurrentDevice.AuthenticatedDevice device, UUID releaseId, Instant now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO device_installed_versions (tenant_id, device_id, product_id, version, reported_at)
                SELECT ?, ?, r.product_id, r.version, ? FROM releases r WHERE r.id = ?
                ON CONFLICT (device_id, product_id) DO UPDATE SET version = EXCLUDED.version, reported_at = EXCLUDED.reported_at""")) {
            upsert.setString(1, device.tenantId());
            upsert.setObject(2, device.id());
            upsert.setObject(3, now.atOffset(ZoneOffset.UTC));
            upsert.setObject(4, releaseId);
            upsert.executeUpdate();
        }
    }
}
