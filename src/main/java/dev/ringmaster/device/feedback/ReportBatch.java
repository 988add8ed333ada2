package dev.ringmaster.device.feedback;

import dev.ringmaster.device.offer.SharedFacts;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.schedule.store.PilotGateRefresh;
import jakarta.ws.rs.NotFoundException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Records one tenant's batch of reports inside the caller's transaction with one statement per step for the whole
 * batch, whatever its size: lock the actions, read the event ids already used, then insert the events, move the
 * actions, store the installed versions and find the pilots' outcomes. Single-row statements cost each report a
 * round trip, a statement-trigger run and an index descent per step; a burst of a fleet's reports spent more
 * there than in the writes themselves.
 *
 * <p>Every report is decided in Java, in arrival order, against what the reports before it in the batch did: a
 * second report of the same action sees the first one's step, and a retry of a report earlier in the batch is a
 * retry. A refused report adds nothing to the writes, so it leaves the rest of the batch alone.
 */
final class ReportBatch {

    /** An action a report of the batch names, locked: what does not change while the batch goes through it. */
    private record LockedAction(long id, UUID deviceId, UUID releaseId, UUID rolloutId, boolean rolloutStopped) {
    }

    /** Where an action stands: read with its lock, then moved by each report of the batch that moves it. */
    private record Progress(EventKind last, boolean open) {
    }

    /** A device's own id for one of its reports, unique per device. */
    private record EventKey(UUID deviceId, String eventId) {
    }

    /** The report stored earlier under an event key, stored before the batch or by an earlier report of it. */
    private record Previous(Long actionId, EventKind kind, Integer progress) {
    }

    private record NewEvent(UUID deviceId, UUID releaseId, UUID rolloutId, DeviceReport report) {
    }

    private record Success(UUID deviceId, UUID releaseId) {
    }

    private final Connection connection;
    private final String tenantId;
    private final Instant now;
    private final Map<Long, LockedAction> actions = new HashMap<>();
    private final Map<Long, Progress> progress = new HashMap<>();
    private final Map<EventKey, Previous> used = new HashMap<>();
    private final List<NewEvent> events = new ArrayList<>();
    /** The last state of each action the batch moved: one update per action, however many reports moved it. */
    private final Map<Long, Progress> moved = new LinkedHashMap<>();
    private final List<Success> successes = new ArrayList<>();

    private ReportBatch(Connection connection, String tenantId, Instant now) {
        this.connection = connection;
        this.tenantId = tenantId;
        this.now = now;
    }

    /** Records {@code reports} (arrival order) of {@code tenantId} at {@code now}; answers every one of them. */
    static Map<PendingReport, RecordedReport> record(Connection connection, String tenantId, List<PendingReport> reports,
                                                     Instant now) throws SQLException {
        return new ReportBatch(connection, tenantId, now).record(reports);
    }

    private Map<PendingReport, RecordedReport> record(List<PendingReport> reports) throws SQLException {
        lockActions(reports);
        readUsedEventIds(reports);
        Map<PendingReport, RecordedReport> answers = new IdentityHashMap<>();
        for (PendingReport one : reports) {
            answers.put(one, decide(one));
        }
        insertEvents();
        moveActions();
        storeInstalledVersions();
        Map<Long, UUID> pilots = pilotProducts(answers.values());
        answers.replaceAll((one, answer) -> finalOutcome(answer) ? answer.ofPilot(pilots.get(answer.stored().actionId())) : answer);
        return answers;
    }

    /** A final outcome stored now moves a pilot gate; a retry, a refusal or a step on the way does not. */
    private static boolean finalOutcome(RecordedReport answer) {
        return answer.refusal() == null && answer.stored().recorded() && answer.stored().state().terminal();
    }

    /** The outcome of one report, or the refusal it gets; a refusal changes nothing the later reports see. */
    private RecordedReport decide(PendingReport one) {
        DeviceReport report = one.report;
        LockedAction action = actions.get(report.actionId());
        if (action == null || !action.deviceId().equals(one.device.id())) {
            return RecordedReport.refused(new NotFoundException("action " + report.actionId() + " is not known for this device"));
        }
        Progress current = progress.get(action.id());
        EventKey key = new EventKey(one.device.id(), report.eventId());
        Previous previous = used.get(key);
        if (previous != null) {
            if (Objects.equals(previous.actionId(), action.id()) && previous.kind() == report.kind()
                    && Objects.equals(previous.progress(), report.progress())) {
                return RecordedReport.of(new Feedback.Outcome(action.id(), current.last(), current.open(), false));
            }
            return RecordedReport.refused(new ConflictException("event id '" + report.eventId() + "' was already used for a different report"));
        }
        boolean moves = report.kind().movesAction();
        switch (ActionProgress.check(current.last(), report.kind())) {
            case NOT_REPORTABLE -> {
                return RecordedReport.refused(new UnprocessableException("kind", "'" + report.kind() + "' is written by the service, not reported by devices"));
            }
            case ALREADY_FINISHED -> {
                return RecordedReport.refused(new Feedback.ActionClosed("action " + action.id() + " already finished as " + current.last()
                        + "; nothing more is recorded for it"));
            }
            case OUT_OF_ORDER -> {
                if (!one.keepOutOfOrder) {
                    return RecordedReport.refused(new ConflictException("action " + action.id() + " is at " + current.last()
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
        events.add(new NewEvent(one.device.id(), action.releaseId(), countsForRollout ? action.rolloutId() : null, report));
        used.put(key, new Previous(action.id(), report.kind(), report.progress()));
        if (!moves) {
            return RecordedReport.of(new Feedback.Outcome(action.id(), current.last(), current.open(), true));
        }
        Progress next = new Progress(report.kind(), !report.kind().terminal());
        progress.put(action.id(), next);
        moved.put(action.id(), next);
        if (report.kind() == EventKind.SUCCEEDED) {
            successes.add(new Success(one.device.id(), action.releaseId()));
        }
        return RecordedReport.of(new Feedback.Outcome(action.id(), next.last(), next.open(), true));
    }

    /**
     * Locks every action a report names, in the order of their ids, so two batches (of this replica or another)
     * that share actions take their locks in the same order. An action named by another device's report is locked
     * too and then refused to it: the tenant's own row, held until the commit, which is cheaper than naming every
     * (action, device) pair.
     */
    private void lockActions(List<PendingReport> reports) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.id, a.device_id, a.release_id, a.rollout_id, a.last_kind, a.open, ro.state, r.state
                  FROM device_actions a JOIN releases r ON r.id = a.release_id LEFT JOIN rollouts ro ON ro.id = a.rollout_id
                 WHERE a.id = ANY (?) AND a.tenant_id = ?
                 ORDER BY a.id FOR NO KEY UPDATE OF a""")) {
            select.setArray(1, connection.createArrayOf("bigint", reports.stream().map(one -> one.report.actionId()).distinct().toArray()));
            select.setString(2, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    actions.put(id, new LockedAction(id, rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                            rows.getObject(4, UUID.class), SharedFacts.stopped(rows.getString(7), rows.getString(8))));
                    progress.put(id, new Progress(EventKind.fromCode(rows.getString(5)), rows.getBoolean(6)));
                }
            }
        }
    }

    /** The reports already stored under the event ids of the batch, read after the locks so a retry racing its original finds it. */
    private void readUsedEventIds(List<PendingReport> reports) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT e.device_id, e.client_event_id, a.id, e.kind, e.progress FROM device_events e
                  LEFT JOIN device_actions a ON a.device_id = e.device_id AND a.release_id = e.release_id
                 WHERE (e.device_id, e.client_event_id) IN (SELECT k.device_id, k.event_id FROM unnest(?::uuid[], ?::text[]) AS k(device_id, event_id))""")) {
            select.setArray(1, connection.createArrayOf("uuid", reports.stream().map(one -> one.device.id()).toArray()));
            select.setArray(2, connection.createArrayOf("text", reports.stream().map(one -> one.report.eventId()).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    used.put(new EventKey(rows.getObject(1, UUID.class), rows.getString(2)),
                            new Previous(rows.getObject(3) == null ? null : rows.getLong(3), EventKind.fromCode(rows.getString(4)),
                                    rows.getObject(5) == null ? null : rows.getInt(5)));
                }
            }
        }
    }

    /** The batch's events, in arrival order (their ids ascend so), in one statement. */
    private void insertEvents() throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, client_event_id, kind, detail, progress,
                                           occurred_at, received_at)
                SELECT ?, e.device_id, e.release_id, e.rollout_id, e.client_event_id, e.kind, e.detail, e.progress, e.occurred_at, ?
                  FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::integer[], ?::timestamptz[])
                       AS e(device_id, release_id, rollout_id, client_event_id, kind, detail, progress, occurred_at)""")) {
            insert.setString(1, tenantId);
            insert.setObject(2, now.atOffset(ZoneOffset.UTC));
            insert.setArray(3, connection.createArrayOf("uuid", events.stream().map(NewEvent::deviceId).toArray()));
            insert.setArray(4, connection.createArrayOf("uuid", events.stream().map(NewEvent::releaseId).toArray()));
            insert.setArray(5, connection.createArrayOf("uuid", events.stream().map(NewEvent::rolloutId).toArray()));
            insert.setArray(6, connection.createArrayOf("text", events.stream().map(event -> event.report().eventId()).toArray()));
            insert.setArray(7, connection.createArrayOf("text", events.stream().map(event -> event.report().kind().code()).toArray()));
            insert.setArray(8, connection.createArrayOf("text", events.stream().map(event -> event.report().detail()).toArray()));
            insert.setArray(9, connection.createArrayOf("integer", events.stream().map(event -> event.report().progress()).toArray()));
            insert.setArray(10, connection.createArrayOf("timestamptz", events.stream().map(event -> occurred(event.report()).toString()).toArray()));
            insert.executeUpdate();
        }
    }

    /** When the device says it happened; never later than when it was received. */
    private Instant occurred(DeviceReport report) {
        return report.occurredAt() == null || report.occurredAt().isAfter(now) ? now : report.occurredAt();
    }

    private void moveActions() throws SQLException {
        if (moved.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE device_actions a SET last_kind = m.last_kind, open = m.open, updated_at = ?
                  FROM unnest(?::bigint[], ?::text[], ?::boolean[]) AS m(id, last_kind, open)
                 WHERE a.id = m.id""")) {
            update.setObject(1, now.atOffset(ZoneOffset.UTC));
            update.setArray(2, connection.createArrayOf("bigint", moved.keySet().toArray()));
            update.setArray(3, connection.createArrayOf("text", moved.values().stream().map(state -> state.last().code()).toArray()));
            update.setArray(4, connection.createArrayOf("boolean", moved.values().stream().map(Progress::open).toArray()));
            update.executeUpdate();
        }
    }

    /**
     * A success records its release's version as what the device runs. One row per device and product: when two
     * successes of the batch name the same one (two releases of a product), the later report's wins, as it would
     * one after the other; an upsert may not touch a row twice.
     */
    private void storeInstalledVersions() throws SQLException {
        if (successes.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO device_installed_versions (tenant_id, device_id, product_id, version, reported_at)
                SELECT DISTINCT ON (s.device_id, r.product_id) ?, s.device_id, r.product_id, r.version, ?
                  FROM unnest(?::uuid[], ?::uuid[]) WITH ORDINALITY AS s(device_id, release_id, arrival)
                  JOIN releases r ON r.id = s.release_id
                 ORDER BY s.device_id, r.product_id, s.arrival DESC
                ON CONFLICT (device_id, product_id) DO UPDATE SET version = EXCLUDED.version, reported_at = EXCLUDED.reported_at""")) {
            upsert.setString(1, tenantId);
            upsert.setObject(2, now.atOffset(ZoneOffset.UTC));
            upsert.setArray(3, connection.createArrayOf("uuid", successes.stream().map(Success::deviceId).toArray()));
            upsert.setArray(4, connection.createArrayOf("uuid", successes.stream().map(Success::releaseId).toArray()));
            upsert.executeUpdate();
        }
    }

    /**
     * The product of each final outcome stored now whose device is in a pilot group of its tenant's policy for the
     * release's product: those move the tenant's pilot gate once committed ({@code PilotGateRefresh}).
     */
    private Map<Long, UUID> pilotProducts(Collection<RecordedReport> answers) throws SQLException {
        Object[] finished = answers.stream().filter(ReportBatch::finalOutcome).map(answer -> answer.stored().actionId()).distinct().toArray();
        Map<Long, UUID> pilots = new HashMap<>();
        if (finished.length == 0) {
            return pilots;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT a.id, r.product_id "
                + PilotGateRefresh.PILOT_ACTIONS + " WHERE a.id = ANY (?) AND a.tenant_id = ?")) {
            select.setArray(1, connection.createArrayOf("bigint", finished));
            select.setString(2, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pilots.put(rows.getLong(1), rows.getObject(2, UUID.class));
                }
            }
        }
        return pilots;
    }
}
