package dev.ringmaster.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The webhook events of a tenant's pilot gate. The window recomputation calls it for each stored outcome it changed,
 * inside its transaction, so an event exists exactly when the outcome it reports was committed.
 */
@ApplicationScoped
public class PilotGateNotices {

    @Inject
    WebhookOutbox outbox;

    /**
     * @param passed   whether the gate passed (else it failed: more pilots failed than the policy allows)
     * @param previous the outcome it had before ({@code pending}, {@code passed} or {@code failed})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void gateDecided(String tenantId, UUID releaseId, String product, String version, boolean passed,
                            String previous, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("product", product);
        data.put("version", version);
        data.put("releaseId", releaseId.toString());
        data.put("outcome", passed ? "passed" : "failed");
        data.put("previous", previous);
        data.put("at", at.toString());
        outbox.emit(tenantId, passed ? EventType.PILOT_GATE_PASSED : EventType.PILOT_GATE_FAILED, "release/" + releaseId, data);
    }
}
