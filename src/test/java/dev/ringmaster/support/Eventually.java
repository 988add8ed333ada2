package dev.ringmaster.support;

import io.restassured.response.Response;

import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats a request until its answer is as expected (for at most ~10 s), for changes that reach the device
 * caches through PostgreSQL's notifications, after the commit, asynchronously. Asserts the final answer.
 */
public final class Eventually {

    private Eventually() {
    }

    public static Response eventually(Supplier<Response> request, Predicate<Response> done) {
        Response response = request.get();
        for (int attempt = 0; attempt < 100 && !done.test(response); attempt++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = request.get();
        }
        assertThat(done.test(response)).as("answer never became as expected: " + response.asString()).isTrue();
        return response;
    }
}
