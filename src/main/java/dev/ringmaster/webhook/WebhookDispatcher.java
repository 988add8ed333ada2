package dev.ringmaster.webhook;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;

/**
 * Sends the due deliveries of the outbox, one transaction each ({@link DeliveryAttempts}), up to a batch per pass.
 * Runs every {@code ringmaster.webhooks.every} on the service's clock; the tests switch the schedule off and run
 * {@link #dispatchDue} from the TimeMachine, so retries follow the clock they move. With nothing due a pass is one
 * indexed query.
 */
@ApplicationScoped
public class WebhookDispatcher {

    @Inject
    DeliveryAttempts attempts;

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookMetrics metrics;

    @Inject
    Clock clock;

    /** @return how many attempts were made */
    public int dispatchDue(Instant now) {
        int made = 0;
        while (made < settings.batch() && attempts.attemptNext(now)) {
            made++;
        }
        metrics.counted(attempts.backlog(now));
        return made;
    }

    @Scheduled(identity = "webhook-dispatcher", every = "${ringmaster.webhooks.every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        dispatchDue(clock.instant());
    }
}
