package dev.ringmaster.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Many simulated devices doing the same step at the same virtual instant, from several connections, as a fleet
 * does: a test of hundreds of devices then waits for the service's answers, not for its own loop. Each device is
 * used by one thread at a time. The first failure (an assertion included) is rethrown as it was.
 */
public final class Parallel {

    private static final int CONNECTIONS = 8;

    private Parallel() {
    }

    public static <T> void forEach(List<T> items, Consumer<T> step) {
        map(items, item -> {
            step.accept(item);
            return null;
        });
    }

    /** The results in the order of {@code items}. */
    public static <T, R> List<R> map(List<T> items, Function<T, R> step) {
        return map(items, CONNECTIONS, step);
    }

    /** The results in the order of {@code items}, from {@code connectionCount} connections at once. */
    public static <T, R> List<R> map(List<T> items, int connectionCount, Function<T, R> step) {
        ExecutorService connections = Executors.newFixedThreadPool(connectionCount);
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(connections.submit(() -> step.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            connections.shutdownNow();
        }
    }
}
