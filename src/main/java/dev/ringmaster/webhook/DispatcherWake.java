package dev.ringmaster.webhook;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a dispatcher pass right after a transaction that queued deliveries commits on this replica, so a subscriber
 * hears of a halt in milliseconds instead of at the next scheduled pass (up to {@code ringmaster.webhooks.every}
 * later). The schedule stays the safety net: deliveries queued by another replica, retries that fall due, and a
 * wake-up lost in a crash are all picked up by it. Wake-ups coalesce: while a pass is queued, more commits queue
 * nothing, and the queued pass sends everything due when it runs. Off when the schedule is off (the tests, which
 * run passes from the TimeMachine).
 */
@ApplicationScoped
public class DispatcherWake {

    private static final Logger LOG = Logger.getLogger(DispatcherWake.class);

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookSettings settings;

    @Inject
    Clock clock;

    /** Whether commits wake the dispatcher: when it runs on a schedule; a test may switch it on for itself. */
    boolean enabled;

    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "webhook-wake");
        thread.setDaemon(true);
        return thread;
    });

    @PostConstruct
    void start() {
        enabled = !"off".equals(settings.every());
    }

    /** Asks for a pass once the current transaction commits; nothing if it rolls back. */
    void afterCommit() {
        if (!enabled) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
    }

    private void wake() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            queued.set(false);
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                dispatcher.dispatchDue(clock.instant());
            } catch (RuntimeException e) {
                // The scheduled pass sends what this one could not.
                LOG.warnf(e, "a webhook pass after a commit failed");
            } finally {
                requestContext.terminate();
            }
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
