package dev.ringmaster.replicas;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Agents shared out over a few threads, each going round its own agents, one request per agent per round, until
 * stopped: the device load under which a test kills the service. A round in which a request got no answer is
 * followed by a pause, as agents back off, so a dead service is not hammered in a tight loop.
 */
final class FleetLoad implements AutoCloseable {

    private static final Duration IDLE = Duration.ofMillis(20);
    private static final Duration BACK_OFF = Duration.ofMillis(250);

    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private FleetLoad(int threadCount) {
        this.threads = Executors.newFixedThreadPool(threadCount);
    }

    static FleetLoad start(List<RetryingAgent> fleet, int threadCount, HttpClient http, URI server) {
        FleetLoad load = new FleetLoad(threadCount);
        for (int t = 0; t < threadCount; t++) {
            List<RetryingAgent> own = new ArrayList<>();
            for (int i = t; i < fleet.size(); i += threadCount) {
                own.add(fleet.get(i));
            }
            load.running.add(load.threads.submit(() -> {
                load.goRound(own, http, server);
                return null;
            }));
        }
        return load;
    }

    private void goRound(List<RetryingAgent> own, HttpClient http, URI server) throws InterruptedException {
        while (!stopped.get()) {
            boolean unanswered = false;
            for (int i = 0; i < own.size() && !unanswered; i++) {
                unanswered = own.get(i).step(http, server);
            }
            // Pacing against the real server: agents poll on their own schedule, and back off when it is gone (the
            // rest of the round would only be refused too, and would take the CPU the restarting service needs).
            Thread.sleep(unanswered ? BACK_OFF.toMillis() : IDLE.toMillis());
        }
    }

    /** Stops every thread after its round; a failure in one (a bug in the agent) is thrown here. */
    @Override
    public void close() throws Exception {
        stopped.set(true);
        threads.shutdown();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            threads.shutdownNow();
            throw new IllegalStateException("the fleet's threads did not stop within 30 s");
        }
        for (Future<?> thread : running) {
            thread.get();
        }
    }
}
