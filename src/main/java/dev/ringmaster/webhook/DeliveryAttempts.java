package dev.ringmaster.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.persistence.NativeValues;
import dev.ringmaster.tenancy.BackgroundScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One delivery attempt per call, in a transaction of its own: claims the next due delivery with
 * {@code FOR UPDATE SKIP LOCKED} (another replica's dispatcher takes the next row instead of waiting, and none sends
 * a row twice), sends it, and records the attempt with the delivery's new state before the lock is let go.
 */
@ApplicationScoped
public class DeliveryAttempts {

    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    /** What came of one attempt: a status code, or an error when the receiver never answered. */
    record Result(Integer statusCode, long latencyMs, String error) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookMetrics metrics;

    private volatile HttpClient client;

    /** @return whether a due delivery was found (and attempted) */
    @ActivateRequestContext
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean attemptNext(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        return BackgroundScope.asSystem(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> due = entityManager.createNativeQuery("""
                            SELECT d.id, d.attempts, e.id, e.type, e.subject, CAST(e.data AS text), e.occurred_at,
                                   e.tenant_id, s.id, s.url, s.secret
                            FROM webhook_deliveries d
                            JOIN webhook_events e ON e.id = d.event_id
                            JOIN webhook_subscriptions s ON s.id = d.subscription_id
                            WHERE d.state = 'pending' AND d.next_attempt_at <= :now
                            ORDER BY d.next_attempt_at, d.id
                            LIMIT 1 FOR UPDATE OF d SKIP LOCKED""")
                    .setParameter("now", Timestamp.from(now)).getResultList();
            if (due.isEmpty()) {
                return false;
            }
            Object[] row = due.getFirst();
            long deliveryId = ((Number) row[0]).longValue();
            int attempt = ((Number) row[1]).intValue() + 1;
            UUID eventId = (UUID) row[2];
            String body = cloudEvent(eventId, (String) row[3], (String) row[4], (String) row[5],
                    NativeValues.instant(row[6]), (String) row[7]);
            Result result = send((String) row[9], (String) row[10], eventId, body, now);
            record(deliveryId, (UUID) row[8], attempt, result, now);
            return true;
        });
    }

    /** The outbox as it stands: one count over the pending deliveries (an index holds them), per dispatcher pass. */
    @ActivateRequestContext
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public WebhookMetrics.Backlog backlog(Instant now) {
        return BackgroundScope.asSystem(() -> {
            Object[] row = (Object[]) entityManager.createNativeQuery("""
                            SELECT count(*), CAST(COALESCE(EXTRACT(EPOCH FROM (:now - min(next_attempt_at))), 0) AS bigint)
                            FROM webhook_deliveries WHERE state = 'pending'""")
                    .setParameter("now", Timestamp.from(now)).getSingleResult();
            return new WebhookMetrics.Backlog(((Number) row[0]).longValue(), Math.max(0, ((Number) row[1]).longValue()));
        });
    }

    /** The event in CloudEvents 1.0 structured mode: the attributes and the data in one JSON document. */
    String cloudEvent(UUID id, String type, String subject, String data, Instant time, String tenantId) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id.toString());
        event.put("source", tenantId == null ? "/ringmaster/vendor" : "/ringmaster/tenants/" + tenantId);
        event.put("type", EventType.TYPE_PREFIX + type);
        if (subject != null && !subject.isEmpty()) {
            event.put("subject", subject);
        }
        event.put("time", time.toString());
        event.put("datacontenttype", "application/json");
        try {
            event.set("data", json.readTree(data));
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event data is JSON", e);
        }
    }

    private Result send(String url, String secret, UUID eventId, String body, Instant now) {
        long started = System.nanoTime();
        try {
            Optional<String> refused = new EndpointRule(settings.allowPrivateTargets(), InetAddress::getAllByName).refusal(url);
            if (refused.isPresent()) {
                // The name may have resolved to a public address when subscribed and to an internal one now.
                return new Result(null, 0, "refused: the URL " + refused.get());
            }
            long timestamp = now.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(settings.timeout())
                    .header("Content-Type", CONTENT_TYPE)
                    .header("User-Agent", "Ringmaster-Webhooks/1")
                    .header("webhook-id", eventId.toString())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signature.sign(secret, eventId.toString(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
            long latency = millisSince(started);
            int status = response.statusCode();
            return new Result(status, latency, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, millisSince(started), "interrupted");
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage();
            String error = e.getClass().getSimpleName() + message;
            return new Result(null, millisSince(started), error.length() > 500 ? error.substring(0, 500) : error);
        }
    }

    private void record(long deliveryId, UUID subscriptionId, int attempt, Result result, Instant now) {
        entityManager.createNativeQuery("""
                        INSERT INTO webhook_attempts (tenant_id, delivery_id, subscription_id, attempt, attempted_at,
                                                      status_code, latency_ms, error)
                        SELECT d.tenant_id, d.id, :subscription, :attempt, :at, CAST(NULLIF(:status, '') AS int), :latency,
                               NULLIF(:error, '')
                        FROM webhook_deliveries d WHERE d.id = :delivery""")
                .setParameter("subscription", subscriptionId).setParameter("attempt", attempt)
                .setParameter("at", Timestamp.from(now))
                .setParameter("status", result.statusCode() == null ? "" : result.statusCode().toString())
                .setParameter("latency", result.latencyMs()).setParameter("error", result.error() == null ? "" : result.error())
                .setParameter("delivery", deliveryId).executeUpdate();
        Optional<Duration> retry = result.delivered() ? Optional.empty() : settings.backoff().after(attempt);
        String state = result.delivered() ? "delivered" : retry.isPresent() ? "pending" : "failed";
        metrics.attempted(result.delivered() ? WebhookMetrics.Outcome.DELIVERED
                : retry.isPresent() ? WebhookMetrics.Outcome.RETRYING : WebhookMetrics.Outcome.FAILED, result.latencyMs());
        entityManager.createNativeQuery("""
                        UPDATE webhook_deliveries SET attempts = :attempt, state = :state,
                               next_attempt_at = CASE WHEN :state = 'pending' THEN CAST(:next AS timestamptz) END,
                               finished_at = CASE WHEN :state = 'pending' THEN NULL ELSE CAST(:at AS timestamptz) END
                        WHERE id = :delivery""")
                .setParameter("attempt", attempt).setParameter("state", state)
                .setParameter("next", Timestamp.from(retry.map(now::plus).orElse(now)))
                .setParameter("at", Timestamp.from(now)).setParameter("delivery", deliveryId).executeUpdate();
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    // Redirects are not followed: a 3xx could send the signed event somewhere the rule never checked.
                    client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
            }
        }
        return client;
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
