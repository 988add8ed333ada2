package dev.ringmaster.webhook;

import dev.ringmaster.persistence.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook delivery attempts by outcome ({@code ringmaster_webhook_attempts_total{outcome=delivered|retrying|failed}},
 * failed meaning given up after the last retry) and their latency, counted once the attempt's row committed; and
 * the outbox backlog as the dispatcher last counted it on this replica: deliveries pending, and how long the
 * oldest due one has waited past its time (0 when the dispatcher keeps up).
 * Created at start, so every series is there from the first scrape, at zero until something happens.
 */
@Startup
@ApplicationScoped
public class WebhookMetrics {

    /** What one attempt left the delivery as. */
    enum Outcome { DELIVERED, RETRYING, FAILED }

    /** Counted by {@link DeliveryAttempts#backlog}. */
    record Backlog(long pending, long overdueSeconds) {
    }

    private final Counter[] attempts = new Counter[Outcome.values().length];
    private final Timer latency;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();

    @Inject
    AfterCommit afterCommit;

    @Inject
    public WebhookMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            attempts[outcome.ordinal()] = Counter.builder("ringmaster.webhook.attempts")
                    .description("Webhook delivery attempts by what became of the delivery")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        latency = Timer.builder("ringmaster.webhook.attempt.latency")
                .description("Time from sending a webhook until the receiver answered (or the attempt failed)").register(registry);
        Gauge.builder("ringmaster.webhook.backlog", pending, AtomicLong::get)
                .description("Webhook deliveries waiting to be sent or retried (the outbox)").register(registry);
        Gauge.builder("ringmaster.webhook.overdue", overdue, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest due webhook delivery has waited past its time").register(registry);
    }

    void attempted(Outcome outcome, long latencyMs) {
        afterCommit.run(() -> {
            attempts[outcome.ordinal()].increment();
            latency.record(Duration.ofMillis(latencyMs));
        });
    }

    void counted(Backlog backlog) {
        pending.set(backlog.pending());
        overdue.set(backlog.overdueSeconds());
    }
}
