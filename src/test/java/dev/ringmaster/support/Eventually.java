package dev.ringmaster.support;

import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats a request (or a look at a cache) until its answer is as expected (for at most ~10 s), for changes that reach the device
 * caches through PostgreSQL's notifications, after the commit, asynchronously. Asserts the final answer.
 */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T eventually(Supplier<T> request, Predicate<T> done) {
        T response = request.get();
        for (int attempt = 0; attempt < 100 && !done.test(response); attempt++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = request.get();
        }
        assertThat(done.test(response)).as("answer never became as expected: " + describe(response)).isTrue();
        return response;
    }

    private static String describe(Object answer) {
        return answer instanceof io.restassured.response.Response response ? response.asString() : String.valueOf(answer);
    }
}
