package dev.ringmaster.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.device.CurrentDevice;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;

/** Writes audit entries inside the transaction of the change they describe, so both land or neither. */
@ApplicationScoped
public class AuditLog {

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /**
     * @param tenantId the tenant the change belongs to, or null for a vendor-wide change
     * @param before   the state before (any JSON-serialisable value), null for a creation
     * @param after    the state after, null for a deletion
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String tenantId, String action, String targetType, Object targetId, Object before, Object after) {
        AuditEntry entry = new AuditEntry();
        entry.tenantId = tenantId;
        entry.at = clock.instant();
        Actor actor = actor();
        entry.actor = actor.name();
        entry.actorKind = actor.kind();
        entry.action = action;
        entry.targetType = targetType;
        entry.targetId = String.valueOf(targetId);
        entry.before = before == null ? null : json.valueToTree(before);
        entry.after = after == null ? null : json.valueToTree(after);
        entry.persist();
    }

    private record Actor(String name, String kind) {
    }

    private static Actor actor() {
        if (Arc.container().requestContext().isActive()) {
            CurrentDevice device = Arc.container().instance(CurrentDevice.class).get();
            if (device.isPresent()) {
                return new Actor("device:" + device.get().externalId(), "device");
            }
            CurrentCaller caller = Arc.container().instance(CurrentCaller.class).get();
            if (caller.isAuthenticated()) {
                return new Actor(caller.get().username(), "user");
            }
        }
        return new Actor("system", "system");
    }
}
