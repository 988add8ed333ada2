package dev.ringmaster.webhook;

import dev.ringmaster.rollout.engine.Transition;
import dev.ringmaster.rollout.engine.TransitionCause;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook events of rollout changes. {@code Rollouts} calls it where every change of a rollout is written
 * (each transition, and the creation of an emergency rollout), and {@code CohortQuarantines} where a cohort is
 * quarantined, inside that transaction, so what subscribers hear
 * is exactly what was stored and audited.
 */
@ApplicationScoped
public class RolloutNotices {

    /** The rollout a change is about, as events describe it. */
    public record About(UUID rolloutId, UUID releaseId, UUID productId, String product, String version, String plan) {
    }

    @Inject
    WebhookOutbox outbox;

    @Inject
    EntityManager entityManager;

    /** The vendor-wide event a transition is, if subscribers care about it. */
    static Optional<EventType> typeOf(TransitionCause cause) {
        return Optional.ofNullable(switch (cause) {
            case HALT -> EventType.RING_HALTED;
            case HOLD -> EventType.RING_HELD;
            case RESUME, HOLD_CLEARED -> EventType.RING_RESUMED;
            case EMERGENCY_STOP -> EventType.EMERGENCY_STOP;
            case COMPLETE -> EventType.ROLLOUT_COMPLETED;
            case AWAITING_APPROVAL -> EventType.VENDOR_APPROVAL_NEEDED;
            case APPROVE, START, RING_OPENED, RING_PASSED, PAUSE, ABORT, PROMOTE -> null;
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void transitioned(About about, Transition transition, String ringName) {
        typeOf(transition.cause()).ifPresent(type -> {
            Map<String, Object> data = data(about);
            data.put("state", transition.to().code());
            data.put("ring", transition.ring());
            data.put("ringName", ringName);
            data.put("by", transition.actor());
            data.put("reason", transition.reason());
            data.put("at", transition.at().toString());
            if (type == EventType.VENDOR_APPROVAL_NEEDED) {
                data.put("approval", "next-ring");
            }
            outbox.emit(null, type, "rollout/" + about.rolloutId(), data);
        });
        if (transition.cause() == TransitionCause.START) {
            releaseWaitsForTenants(about, transition);
        }
    }

    /**
     * A cohort failed its gate and was quarantined: its devices are offered the release no more, the rest of the rollout
     * goes on. Within the reconciler's pass that stored and audited it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cohortQuarantined(About about, String cohort, int ring, String ringName, String reason, Instant at) {
        Map<String, Object> data = data(about);
        data.put("cohort", cohort);
        data.put("ring", ring);
        data.put("ringName", ringName);
        data.put("by", Transition.SYSTEM);
        data.put("reason", reason);
        data.put("at", at.toString());
        outbox.emit(null, EventType.COHORT_QUARANTINED, "rollout/" + about.rolloutId(), data);
    }

    /** An emergency rollout was created: it starts only once enough vendor staff approved it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emergencyCreated(About about, String by, int approversNeeded) {
        Map<String, Object> data = data(about);
        data.put("state", "scheduled");
        data.put("approval", "emergency-release");
        data.put("approversNeeded", approversNeeded);
        data.put("by", by);
        outbox.emit(null, EventType.VENDOR_APPROVAL_NEEDED, "rollout/" + about.rolloutId(), data);
    }

    /**
     * The release started rolling out: every active tenant that follows the product in approval mode and has not
     * decided on the release yet is told it waits for its decision.
     */
    private void releaseWaitsForTenants(About about, Transition transition) {
        @SuppressWarnings("unchecked")
        List<String> tenants = entityManager.createNativeQuery("""
                        SELECT up.tenant_id FROM update_policies up JOIN tenants t ON t.id = up.tenant_id
                        WHERE up.product_id = :product AND up.mode = 'approval' AND t.status = 'active'
                          AND NOT EXISTS (SELECT 1 FROM tenant_release_approvals a
                                          WHERE a.tenant_id = up.tenant_id AND a.release_id = :release)
                        ORDER BY up.tenant_id""")
                .setParameter("product", about.productId()).setParameter("release", about.releaseId()).getResultList();
        for (String tenant : tenants) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("product", about.product());
            data.put("version", about.version());
            data.put("releaseId", about.releaseId().toString());
            data.put("at", transition.at().toString());
            outbox.emit(tenant, EventType.TENANT_APPROVAL_NEEDED, "release/" + about.releaseId(), data);
        }
    }

    private static Map<String, Object> data(About about) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rolloutId", about.rolloutId().toString());
        data.put("product", about.product());
        data.put("version", about.version());
        data.put("releaseId", about.releaseId().toString());
        data.put("plan", about.plan());
        return data;
    }
}
