package dev.ringmaster.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Writes events to the outbox in the caller's transaction, with a pending delivery for every subscription that
 * wants the event at that moment (an event nobody subscribed to is not written). Being part of the change's own
 * transaction is the point: an event exists if and only if its change committed, and once committed it waits in the
 * database for the {@link WebhookDispatcher}, whatever happens to the instance that wrote it.
 */
@ApplicationScoped
public class WebhookOutbox {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    DispatcherWake wake;

    /**
     * @param tenantId the tenant whose subscribers receive it, or null for a vendor-wide event
     * @param subject  what the event is about (CloudEvents {@code subject}), e.g. the rollout's id
     * @param data     the event's {@code data}, any JSON-serialisable values
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emit(String tenantId, EventType type, String subject, Map<String, ?> data) {
        if (!type.reaches(tenantId == null)) {
            throw new IllegalArgumentException(type.key() + " is not an event for "
                    + (tenantId == null ? "the vendor" : "a tenant"));
        }
        // The vendor is matched with a literal NULL: a null parameter has no type PostgreSQL could infer.
        String wanted = "FROM webhook_subscriptions s WHERE :type = ANY (string_to_array(s.event_types, ',')) AND "
                + (tenantId == null ? "s.tenant_id IS NULL" : "s.tenant_id = :tenant");
        Query subscribers = entityManager.createNativeQuery("SELECT EXISTS (SELECT 1 " + wanted + ")")
                .setParameter("type", type.key());
        if (tenantId != null) {
            subscribers.setParameter("tenant", tenantId);
        }
        if (!(Boolean) subscribers.getSingleResult()) {
            return; // Nobody would receive it: the outbox keeps only what is to be delivered.
        }
        UUID id = insertEvent(tenantId, type, subject, data);
        Query deliveries = entityManager.createNativeQuery("""
                        INSERT INTO webhook_deliveries (tenant_id, event_id, subscription_id, state, next_attempt_at)
                        SELECT s.tenant_id, :event, s.id, 'pending', :due\s""" + wanted)
                .setParameter("event", id).setParameter("due", Timestamp.from(now())).setParameter("type", type.key());
        if (tenantId != null) {
            deliveries.setParameter("tenant", tenantId);
        }
        if (deliveries.executeUpdate() > 0) {
            wake.afterCommit();
        }
    }

    /** A {@link EventType#TEST} event for the one subscription named, due at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID emitTest(String tenantId, UUID subscriptionId, String requestedBy) {
        UUID id = insertEvent(tenantId, EventType.TEST, "subscription/" + subscriptionId,
                Map.of("subscription", subscriptionId.toString(), "requestedBy", requestedBy,
                        "message", "A test event: this endpoint receives Ringmaster's webhooks."));
        entityManager.createNativeQuery("""
                        INSERT INTO webhook_deliveries (tenant_id, event_id, subscription_id, state, next_attempt_at)
                        SELECT s.tenant_id, :event, s.id, 'pending', :due FROM webhook_subscriptions s WHERE s.id = :subscription""")
                .setParameter("event", id).setParameter("due", Timestamp.from(now()))
                .setParameter("subscription", subscriptionId).executeUpdate();
        wake.afterCommit();
        return id;
    }

    private UUID insertEvent(String tenantId, EventType type, String subject, Map<String, ?> data) {
        UUID id = UUID.randomUUID();
        String document;
        try {
            document = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data must be JSON-serialisable", e);
        }
        var insert = entityManager.createNativeQuery("INSERT INTO webhook_events (id, tenant_id, type, subject, data, occurred_at)"
                        + " VALUES (:id, " + (tenantId == null ? "NULL" : ":tenant")
                        + ", :type, :subject, CAST(:data AS jsonb), :at)")
                .setParameter("id", id).setParameter("type", type.key()).setParameter("subject", subject == null ? "" : subject)
                .setParameter("data", document).setParameter("at", Timestamp.from(now()));
        if (tenantId != null) {
            insert.setParameter("tenant", tenantId);
        }
        insert.executeUpdate();
        return id;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
