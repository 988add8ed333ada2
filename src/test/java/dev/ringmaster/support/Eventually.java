package dev.ringmaster.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks again until an answer is as expected, for what happens outside the test's thread and clock: changes that reach
 * the device caches through PostgreSQL's notifications, after the commit, asynchronously; and, in the integration
 * tests, a replica's scheduler and its devices, which run on their own clocks that a test cannot move.
 */
public final class Eventually {

    /** For checks of "within one second": a cheap question asked often, so the measured delay is close to the real one. */
    public static final Duration OFTEN = Duration.ofMillis(20);

    private Eventually() {
    }

    /**
     * Repeats a request (or a look at a cache) every 100 ms until its answer is as expected, for at most ~10 s;
     * asserts the final answer and returns it.
     */
    public static <T> T eventually(Supplier<T> request, Predicate<T> done) {
        T response = request.get();
        for (int attempt = 0; attempt < 100 && !done.test(response); attempt++) {
            pause(100);
            response = request.get();
        }
        assertThat(done.test(response)).as("answer never became as expected: " + describe(response)).isTrue();
        return response;
    }

    /** Until {@code condition} holds, asked {@link #OFTEN}; fails with {@code what} when it did not within {@code patience}. */
    public static Duration within(Duration patience, String what, BooleanSupplier condition) {
        return within(patience, OFTEN, what, condition, () -> "");
    }

    /**
     * Until {@code condition} holds, asked every {@code every}; fails with {@code what} and the {@code state} read then
     * when it did not within {@code patience}. Answers how long it took. A question that costs the service real work
     * (a rollout's whole view) is asked less often: asked every 20 ms, it kept a replica busy answering it.
     */
    public static Duration within(Duration patience, Duration every, String what, BooleanSupplier condition,
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

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    private static String describe(Object answer) {
        return answer instanceof io.restassured.response.Response response ? response.asString() : String.valueOf(answer);
    }
}
