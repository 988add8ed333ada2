package dev.ringmaster.rollout;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Runs the reconciler on the clock. {@code ringmaster.reconciler.every} sets the period; {@code off} disables it
 * (the tests do, and step {@link Reconciler#reconcile} themselves with fixed instants).
 */
@ApplicationScoped
public class ReconcilerSchedule {

    @Inject
    Reconciler reconciler;

    @Inject
    Clock clock;

    @Scheduled(identity = "rollout-reconciler", every = "${ringmaster.reconciler.every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        reconciler.reconcile(clock.instant());
    }
}
