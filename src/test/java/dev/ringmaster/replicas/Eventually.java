package dev.ringmaster.replicas;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on real processes, in wall-clock time: a replica's scheduler and its devices run on their own clocks, which a
 * test cannot move, so these integration tests ask again until what they expect holds or their patience runs out.
 */
final class Eventually {

    private static final long ASK_EVERY_MILLIS = 20;

    private Eventually() {
    }

    /** Until {@code condition} holds; fails with {@code what} when it did not within {@code patience}. */
    static Duration within(Duration patience, String what, BooleanSupplier condition) {
        return within(patience, what, condition, () -> "");
    }

    /**
     * Until {@code condition} holds; fails with {@code what} and the {@code state} read then when it did not within
     * {@code patience}. Answers how long it took.
     */
    static Duration within(Duration patience, String what, BooleanSupplier condition, Supplier<String> state) {
        long start = System.nanoTime();
        long giveUp = start + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                String now = state.get();
                throw new AssertionError(what + ": not within " + patience.toMillis() + " ms"
                        + (now.isEmpty() ? "" : "; " + now));
            }
            pause(ASK_EVERY_MILLIS);
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
