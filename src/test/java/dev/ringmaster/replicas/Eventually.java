package dev.ringmaster.replicas;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on real processes, in wall-clock time: a replica's scheduler and its devices run on their own clocks, which a
 * test cannot move, so these integration tests ask again until what they expect holds or their patience runs out.
 */
final class Eventually {

    /** For checks of "within one second": a cheap question asked often, so the measured delay is close to the real one. */
    static final Duration OFTEN = Duration.ofMillis(20);

    private Eventually() {
    }

    /** Until {@code condition} holds, asked {@link #OFTEN}; fails with {@code what} when it did not within {@code patience}. */
    static Duration within(Duration patience, String what, BooleanSupplier condition) {
        return within(patience, OFTEN, what, condition, () -> "");
    }

    /**
     * Until {@code condition} holds, asked every {@code every}; fails with {@code what} and the {@code state} read then
     * when it did not within {@code patience}. Answers how long it took. A question that costs the service real work
     * (a rollout's whole view) is asked less often: asked every 20 ms, it kept a replica busy answering it.
     */
    static Duration within(Duration patience, Duration every, String what, BooleanSupplier condition,
            Supplier<String> state) {
        long start = System.nanoTime();
        long giveUp = start + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                String now = state.get();
                throw new AssertionError(what + ": not within " + patience.toMillis() + " ms"
                        + (now.isEmpty() ? "" : "; " + now));
            }
            pause(every.toMillis());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
