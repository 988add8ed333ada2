package dev.ringmaster.device.feedback;

import dev.ringmaster.device.ConfigDataStamps;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.PilotConfirmations;
import dev.ringmaster.device.checkin.DecisionCache;
import dev.ringmaster.device.offer.DeviceRowsCache;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.schedule.store.PilotGateRefresh;
import dev.ringmaster.persistence.Coalesced;
import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private static final Logger LOG = Logger.getLogger(Feedback.class);

    /** More reports than this waiting at once go in the next batch. */
    private static final int MAX_BATCH = 128;

    /** Batches of one tenant recorded at once: one commits while the next is written. */
    private static final int PARALLEL = 2;

    /** One batcher per tenant that reported on this replica; it holds only the reports waiting. */
    private final Map<String, Coalesced<PendingReport, RecordedReport>> batchers = new ConcurrentHashMap<>();

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
        RecordedReport recorded = batchers.computeIfAbsent(device.tenantId(), tenant -> new Coalesced<PendingReport, RecordedReport>(
                        reports -> recordAll(tenant, reports), PARALLEL, MAX_BATCH))
                .get(new PendingReport(device, report, keepOutOfOrder));
        Outcome outcome = recorded.outcome();
        if (outcome.recorded() && !outcome.open()) {
            // The action closed: the device's rows hold whether it is open, and its answers follow from that. A step on
            // the way (progress, a warning) changes neither, so the device's next poll is still answered from memory,
            // as on every other replica (only a change of `open` is announced, V9).
            // Rows first, as the change feed does: no answer computed from the old rows is stored after this.
            rowsCache.forget(device.id());
            decisions.forget(device.id());
            if (outcome.state() == EventKind.SUCCEEDED) {
                // An update finished: its next DDI poll asks for its attributes again (ConfigDataWanted).
                configDataStamps.forget(device.id());
            }
        }
        if (recorded.pilotProduct() != null) {
            // A pilot's outcome moves its tenant's pilot gate: the other devices must not be served the old answer.
            PilotGateRefresh.Refreshed refreshed = pilotGates.pilotOutcomeReported(device.tenantId(), recorded.pilotProduct());
            confirmations.forgetAfter(device.tenantId(), refreshed);
            if (outcome.state() == EventKind.SUCCEEDED) {
                // Its success counts once it checks in running the release: that check-in moves the gate again.
                confirmations.succeeded(device.id(), device.tenantId(), outcome.actionId(), clock.instant());
            }
        }
        return outcome;
    }

    /**
     * Records the reports of one tenant that arrived together in one transaction, in the order they came, so a
     * burst of reports shares its commits and its statements ({@link ReportBatch}). A report refused (unknown action,
     * out of order, closed) adds nothing to the batch's writes, so it leaves the others' alone. A database error (a deadlock with another
     * replica's batch, a retry racing its original) fails the whole transaction: each report is then recorded again
     * alone, in a transaction of its own, and only its own error reaches its device.
     */
    private Map<PendingReport, RecordedReport> recordAll(String tenantId, List<PendingReport> reports) {
        if (reports.size() > 1) {
            try {
                return BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        return ReportBatch.record(connection, tenantId, reports, clock.instant());
                    }
                }));
            } catch (RuntimeException databaseError) {
                LOG.debugf(databaseError, "a batch of %d device reports failed; recording each alone", reports.size());
            }
        }
        Map<PendingReport, RecordedReport> recorded = new HashMap<>();
        for (PendingReport one : reports) {
            try {
                recorded.putAll(BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        return ReportBatch.record(connection, tenantId, List.of(one), clock.instant());
                    }
                })));
            } catch (RuntimeException failed) {
                recorded.put(one, RecordedReport.refused(failed));
            }
        }
        return recorded;
    }
}
