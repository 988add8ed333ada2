package dev.ringmaster.support;

import dev.ringmaster.device.LastSeen;
import dev.ringmaster.rollout.Reconciler;
import dev.ringmaster.webhook.WebhookDispatcher;
import dev.ringmaster.schedule.store.ReleaseWindows;
import io.quarkus.arc.Arc;

import java.time.Duration;
import java.time.Instant;

/**
 * Moves the service's {@link TestClock} and runs, at each instant reached, the scheduled work the running service
 * would have done by then: last-seen times written, the reconciler's pass (gates, silence, timeouts), the window
 * refresh. The scheduled jobs themselves are off in the test profile, so this is the only place they run.
 */
public final class TimeMachine {

    /** The window refresh's period in production: a tick refreshes every product's windows when it is due. */
    public static final Duration REFRESH = Duration.ofMinutes(10);

    private static Instant refreshed = Instant.MIN;

    private TimeMachine() {
    }

    public static TestClock clock() {
        return Arc.container().instance(TestClock.class).get();
    }

    public static Instant now() {
        return clock().instant();
    }

    /** Freezes the clock where it stands and answers the instant; tests that reason about time start with this. */
    public static Instant freeze() {
        return clock().freeze();
    }

    /**
     * Moves time forward by {@code by}, running the scheduled work once at the end (plus once per {@code step}
     * on the way, when given). One pass suffices for most steps; rings that open one after another need a pass
     * per soak, which {@link #advance(Duration, Duration)} gives.
     */
    public static Instant advance(Duration by) {
        clock().advance(by);
        return tick();
    }

    /** Moves time forward by {@code by} in steps of {@code step}, running the scheduled work after each step. */
    public static Instant advance(Duration by, Duration step) {
        if (!step.isPositive()) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        Duration left = by;
        while (left.compareTo(step) > 0) {
            clock().advance(step);
            tick();
            left = left.minus(step);
        }
        clock().advance(left);
        return tick();
    }

    /**
     * Runs the scheduled work now, as if its timers had fired at the clock's instant: the reconciler every time,
     * the window refresh when {@link #REFRESH} passed since the last one, then the due webhook deliveries. Waits for
     * the window recomputations that the reconciler's transitions queued, and for the change feed to apply what they
     * wrote: a window that a ring opening moves reaches the device caches only through the feed (a rollout change
     * forgets decisions in process, not rows), so a check-in right after the tick is not answered from older rows.
     */
    public static synchronized Instant tick() {
        Instant now = now();
        Arc.container().instance(LastSeen.class).get().flush();
        Arc.container().instance(Reconciler.class).get().reconcile(now);
        ReleaseWindows windows = Arc.container().instance(ReleaseWindows.class).get();
        windows.awaitQueued(60);
        if (!now.isBefore(refreshed.plus(REFRESH))) {
            windows.recomputeEverything(now);
            refreshed = now;
        }
        ChangeFeedBarrier.await();
        // Last, so the events of this tick's transitions go out in the same tick.
        Arc.container().instance(WebhookDispatcher.class).get().dispatchDue(now);
        return now;
    }

    /**
     * The window refresh of one product only, at the clock's instant: for a test about what a change of its own
     * product's windows does, which the leftovers of other classes' rollouts (planned for every tenant) must not
     * move.
     */
    public static synchronized Instant refreshWindows(String product) {
        Instant now = now();
        ReleaseWindows windows = Arc.container().instance(ReleaseWindows.class).get();
        windows.awaitQueued(60);
        windows.queue(Db.id("SELECT id FROM products WHERE key = ?", product));
        windows.awaitQueued(60);
        ChangeFeedBarrier.await();
        return now;
    }

    /** Runs the window refresh now, whenever the last one ran. */
    public static synchronized Instant refreshWindows() {
        Instant now = now();
        ReleaseWindows windows = Arc.container().instance(ReleaseWindows.class).get();
        windows.awaitQueued(60);
        windows.recomputeEverything(now);
        refreshed = now;
        ChangeFeedBarrier.await();
        return now;
    }
}
