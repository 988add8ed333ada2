package dev.ringmaster.webhook;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.tenancy.Caller;
import dev.ringmaster.tenancy.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.ringmaster.persistence.NativeValues.instant;

/**
 * The caller's webhook subscriptions: the vendor's when the caller is vendor staff, otherwise its own tenant's.
 * The owner comes from the credential only; another owner's subscription answers 404 like an unknown one.
 */
@ApplicationScoped
public class Subscriptions {

    /** Entries of a delivery log at most. */
    public static final int LOG_LIMIT = 200;

    public record Subscription(UUID id, String url, List<EventType> events, String description, String createdBy,
                               Instant createdAt) {
    }

    /** A new subscription and its signing secret, which is shown this once. */
    public record Created(Subscription subscription, String secret) {
    }

    /** One attempt to deliver one event: what the receiver answered, or why no answer came. */
    public record Attempt(UUID eventId, String eventType, int attempt, Instant attemptedAt, Integer statusCode,
                          long latencyMs, String error, String deliveryState, Instant nextAttemptAt) {
    }

    @Inject
    CurrentCaller caller;

    @Inject
    EntityManager entityManager;

    @Inject
    WebhookOutbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    WebhookSettings settings;

    /** The endpoint rule of this deployment's profile (private targets only where the settings allow them). */
    public EndpointRule endpointRule() {
        return new EndpointRule(settings.allowPrivateTargets(), InetAddress::getAllByName);
    }

    @Transactional
    public Created create(String url, List<String> eventKeys, String description) {
        String tenantId = owner();
        List<Problem.FieldError> errors = new ArrayList<>();
        endpointRule().refusal(url).ifPresent(problem -> errors.add(new Problem.FieldError("url", problem)));
        Set<EventType> events = new LinkedHashSet<>();
        if (eventKeys == null || eventKeys.isEmpty()) {
            errors.add(new Problem.FieldError("events", "name at least one event type"));
        } else {
            for (String key : eventKeys) {
                EventType type = EventType.fromKey(key).filter(known -> known.reaches(tenantId == null)).orElse(null);
                if (type == null) {
                    errors.add(new Problem.FieldError("events", "unknown event type '" + key + "'; "
                            + (tenantId == null ? "the vendor" : "a tenant") + " can subscribe to " + keys(tenantId)));
                } else {
                    events.add(type);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        UUID id = UUID.randomUUID();
        String secret = Signature.newSecret();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String by = caller.get().username();
        String types = String.join(",", events.stream().map(EventType::key).toList());
        Query insert = entityManager.createNativeQuery("INSERT INTO webhook_subscriptions"
                        + " (id, tenant_id, url, event_types, secret, description, created_by, created_at) VALUES (:id, "
                        + (tenantId == null ? "NULL" : ":tenant") + ", :url, :types, :secret, :description, :by, :at)")
                .setParameter("id", id).setParameter("url", url.strip()).setParameter("types", types)
                .setParameter("secret", secret).setParameter("description", description == null ? "" : description.strip())
                .setParameter("by", by).setParameter("at", Timestamp.from(now));
        if (tenantId != null) {
            insert.setParameter("tenant", tenantId);
        }
        insert.executeUpdate();
        audit.record(tenantId, "webhook.subscribe", "webhook", id, null,
                Map.of("url", url.strip(), "events", types)); // never the secret
        return new Created(new Subscription(id, url.strip(), List.copyOf(events), description == null ? "" : description.strip(),
                by, now), secret);
    }

    @Transactional
    public List<Subscription> list() {
        String tenantId = owner();
        Query query = entityManager.createNativeQuery("SELECT id, url, event_types, description, created_by, created_at"
                + " FROM webhook_subscriptions WHERE " + ownerIs(tenantId) + " ORDER BY created_at, id");
        bindOwner(query, tenantId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(Subscriptions::subscription).toList();
    }

    @Transactional
    public Subscription get(UUID id) {
        return subscription(require(id));
    }

    @Transactional
    public void delete(UUID id) {
        String tenantId = owner();
        Subscription gone = subscription(require(id));
        entityManager.createNativeQuery("DELETE FROM webhook_subscriptions WHERE id = :id").setParameter("id", id)
                .executeUpdate();
        audit.record(tenantId, "webhook.unsubscribe", "webhook", id,
                Map.of("url", gone.url(), "events", String.join(",", gone.events().stream().map(EventType::key).toList())), null);
    }

    /** Queues a {@link EventType#TEST} event for this one subscription; the dispatcher sends it on its next pass. */
    @Transactional
    public UUID sendTest(UUID id) {
        require(id);
        return outbox.emitTest(owner(), id, caller.get().username());
    }

    /** The subscription's delivery log, newest attempt first. */
    @Transactional
    public List<Attempt> deliveries(UUID id) {
        require(id);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT e.id, e.type, a.attempt, a.attempted_at, a.status_code, a.latency_ms, a.error, d.state,
                               d.next_attempt_at
                        FROM webhook_attempts a
                        JOIN webhook_deliveries d ON d.id = a.delivery_id
                        JOIN webhook_events e ON e.id = d.event_id
                        WHERE a.subscription_id = :id
                        ORDER BY a.attempted_at DESC, a.id DESC LIMIT :limit""")
                .setParameter("id", id).setParameter("limit", LOG_LIMIT).getResultList();
        return rows.stream().map(row -> new Attempt((UUID) row[0], EventType.TYPE_PREFIX + row[1],
                ((Number) row[2]).intValue(), instant(row[3]), row[4] == null ? null : ((Number) row[4]).intValue(),
                ((Number) row[5]).longValue(), (String) row[6], (String) row[7],
                "pending".equals(row[7]) ? instant(row[8]) : null)).toList();
    }

    /** The event types the caller's subscriptions can name. */
    public List<EventType> eventTypes() {
        boolean vendor = owner() == null;
        return Arrays.stream(EventType.values()).filter(type -> type != EventType.TEST && type.reaches(vendor)).toList();
    }

    private Object[] require(UUID id) {
        String tenantId = owner();
        Query query = entityManager.createNativeQuery("SELECT id, url, event_types, description, created_by, created_at"
                + " FROM webhook_subscriptions WHERE id = :id AND " + ownerIs(tenantId));
        query.setParameter("id", id);
        bindOwner(query, tenantId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundException("no webhook subscription " + id);
        }
        return rows.getFirst();
    }

    /** Null for vendor staff; the caller's tenant otherwise. */
    private String owner() {
        Caller who = caller.get();
        return who.isVendor() ? null : caller.tenantId();
    }

    private static String ownerIs(String tenantId) {
        return tenantId == null ? "tenant_id IS NULL" : "tenant_id = :tenant";
    }

    private static void bindOwner(Query query, String tenantId) {
        if (tenantId != null) {
            query.setParameter("tenant", tenantId);
        }
    }

    private String keys(String tenantId) {
        return String.join(", ", Arrays.stream(EventType.values())
                .filter(type -> type != EventType.TEST && type.reaches(tenantId == null)).map(EventType::key).toList());
    }

    private static Subscription subscription(Object[] row) {
        List<EventType> events = Arrays.stream(((String) row[2]).split(",")).map(EventType::fromKey)
                .flatMap(java.util.Optional::stream).toList();
        return new Subscription((UUID) row[0], (String) row[1], events, (String) row[3], (String) row[4], instant(row[5]));
    }
}
