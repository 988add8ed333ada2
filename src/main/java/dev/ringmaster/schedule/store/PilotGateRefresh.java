package dev.ringmaster.schedule.store;

import dev.ringmaster.rollout.SilenceRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Recomputes release windows when what a tenant's pilot gate counts changed (DESIGN.md, "The merge", point 3): a
 * pilot's final report, its check-in after a reported success (which confirms or reverts it), or silence recorded by
 * the reconciler. Without it the gate would follow only at the next
 * periodic refresh, and the tenant's other devices would be told to install a release a pilot just failed.
 */
@ApplicationScoped
public class PilotGateRefresh {

    @Inject
    ReleaseWindows windows;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /** What a pilot's outcome did to its tenant's windows, so the caller forgets no more than it must. */
    public enum Refreshed {
        /** Not a pilot of the release's product: nothing recomputed. */
        NOT_A_PILOT,
        /** A pilot: the windows were recomputed, and none of them changed. */
        UNCHANGED,
        /** A pilot: some device's window changed (the gate moved, say). */
        WINDOWS_CHANGED;

        public boolean pilot() {
            return this != NOT_A_PILOT;
        }
    }

    /**
     * Actions ({@code a}, their releases {@code r}) whose device is in a pilot group of its tenant's policy for the
     * release's product: who is a pilot, written once for the check after one report and the check for a batch of
     * them ({@code device/feedback/ReportBatch}).
     */
    public static final String PILOT_ACTIONS = """
            FROM device_actions a
            JOIN releases r ON r.id = a.release_id
            JOIN update_policies up ON up.product_id = r.product_id AND up.tenant_id = a.tenant_id
            JOIN policy_pilot_groups pp ON pp.policy_id = up.id AND pp.tenant_id = up.tenant_id
            JOIN group_memberships m ON m.group_id = pp.group_id AND m.tenant_id = up.tenant_id AND m.device_id = a.device_id""";

    /**
     * After a device's check-in after a success on an action (a final report asks {@link #pilotOutcomeReported}): when
     * the device is in one of the pilot groups of its tenant's
     * policy for the release's product, recomputes that tenant's windows of the product, in a transaction of its
     * own (the report is committed, so the gate sees it). Answers whether it did and whether a window changed, so
     * the caller can forget the tenant's cached decisions, and its devices' cached rows when a window changed, at
     * once: the change feed names the devices whose windows changed only some time after the commit, and until then
     * a device's next check-in would be decided from its old window (say, "wait for the pilot gate").
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Refreshed outcomeReported(String tenantId, UUID deviceId, long actionId) {
        // No result class: Hibernate caches a native query's plan under a key holding its result mapping, and with a
        // class that key never equals the next call's, so every report added a plan and searched all the others.
        List<?> products = entityManager.createNativeQuery("SELECT r.product_id " + PILOT_ACTIONS
                        + " WHERE a.id = ?1 AND a.device_id = ?2 AND a.tenant_id = ?3 LIMIT 1")
                .setParameter(1, actionId).setParameter(2, deviceId).setParameter(3, tenantId)
                .getResultList();
        if (products.isEmpty()) {
            return Refreshed.NOT_A_PILOT;
        }
        return recompute(tenantId, (UUID) products.getFirst());
    }

    /**
     * After a pilot's final report on a release of {@code productId}, found a pilot's in the report's own transaction
     * (device/feedback/ReportBatch, which asks once for its whole batch): as {@link #outcomeReported}, without asking
     * again.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Refreshed pilotOutcomeReported(String tenantId, UUID productId) {
        return recompute(tenantId, productId);
    }

    private Refreshed recompute(String tenantId, UUID productId) {
        WindowRecompute.Result result = windows.recompute(WindowRecompute.Scope.tenant(productId, tenantId), clock.instant());
        return result.written() + result.deleted() > 0 ? Refreshed.WINDOWS_CHANGED : Refreshed.UNCHANGED;
    }

    /** Silence the reconciler recorded may be a pilot's: the product's windows follow after the pass commits. */
    void onSilenceRecorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) SilenceRecorded recorded) {
        windows.queue(recorded.productId());
    }
}
