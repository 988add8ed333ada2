package dev.ringmaster.rehearsal;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.tenancy.CurrentCaller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rehearsals in the background: one plays at a time (a million devices keep a core busy for minutes), a few more may
 * wait, and the finished ones are kept in this replica's memory — the last {@code kept}, each at most
 * {@code kept-for} — for {@code GET} and comparison. A restart forgets them; the audit log keeps who asked for what.
 * Vendor-wide: any vendor release role sees every run.
 */
@ApplicationScoped
public class RehearsalRuns {

    private static final Logger LOG = Logger.getLogger(RehearsalRuns.class);

    @Inject
    Rehearsals rehearsals;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    @ConfigProperty(name = "ringmaster.rehearsal.queue", defaultValue = "4")
    int queue;

    @ConfigProperty(name = "ringmaster.rehearsal.kept", defaultValue = "20")
    int kept;

    @ConfigProperty(name = "ringmaster.rehearsal.kept-for", defaultValue = "PT24H")
    Duration keptFor;

    /** In the order they were asked for; guarded by {@code this}. */
    private final Map<UUID, RehearsalRun> runs = new LinkedHashMap<>();
    private ExecutorService worker;

    @PostConstruct
    void start() {
        worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("rehearsal").daemon().factory());
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Checks, reads and audits the request now; plays it in the background. */
    public RehearsalRunView submit(RehearsalRequest request) {
        synchronized (this) {
            forgetOld();
            if (waiting() > queue) {
                throw new ConflictException(waiting() + " rehearsals are already waiting or playing; ask again once one"
                        + " has finished");
            }
        }
        UUID id = UUID.randomUUID();
        Rehearsals.Prepared prepared = rehearsals.prepare(request, id);
        Scenario scenario = prepared.scenario();
        RehearsalRun run = new RehearsalRun(id, caller.isAuthenticated() ? caller.get().username() : "system",
                clock.instant(), request, scenario.start(), scenario.start().plus(scenario.horizon()),
                prepared.fleet().devices().size());
        synchronized (this) {
            runs.put(id, run);
        }
        worker.execute(() -> play(run, prepared));
        return run.view();
    }

    private void play(RehearsalRun run, Rehearsals.Prepared prepared) {
        run.running();
        try {
            run.done(Rehearsals.play(prepared, (reached, devices) -> run.reached(reached)), clock.instant());
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("rehearsal " + run.id + " failed", e);
            run.failed("the rehearsal could not be played: " + e.getClass().getSimpleName(), clock.instant());
        }
    }

    /**
     * Returns once every run asked for so far has been played (done or failed): the worker plays them one at a time
     * in order, so a task queued behind them runs when they have. For tests, which must not sleep to let a run finish.
     */
    public void awaitPlayed(Duration timeout) {
        try {
            CompletableFuture.runAsync(() -> { }, worker).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rehearsals to be played", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the rehearsals asked for were not played within " + timeout, e);
        }
    }

    /** 404 when unknown, forgotten, or not an id at all. */
    public RehearsalRunView get(String id) {
        return find(id).map(RehearsalRun::view)
                .orElseThrow(() -> new NotFoundException("no rehearsal " + id + " is kept (they are kept " + keptFor
                        + ", the last " + kept + ")"));
    }

    /** The kept ones, newest first, without their results. */
    public synchronized List<RehearsalRunView> list() {
        forgetOld();
        List<RehearsalRunView> views = new ArrayList<>();
        runs.values().forEach(run -> {
            RehearsalRunView view = run.view();
            views.addFirst(new RehearsalRunView(view.id(), view.state(), view.requestedBy(), view.requestedAt(),
                    view.finishedAt(), view.progress(), view.failure(), null));
        });
        return views;
    }

    /** Two kept rehearsals side by side; 409 while either is still playing or failed. */
    public RehearsalComparison compare(String a, String b) {
        RehearsalRunView first = get(a);
        RehearsalRunView second = get(b);
        for (RehearsalRunView run : List.of(first, second)) {
            if (!run.done()) {
                throw new ConflictException("rehearsal " + run.id() + " is " + run.state() + ": compare it once it is done");
            }
        }
        return RehearsalComparison.of(first.id(), first.result(), second.id(), second.result());
    }

    /** The request of a kept run, to show it beside its result. */
    public RehearsalRequest request(String id) {
        return find(id).map(run -> run.request).orElseThrow(() -> new NotFoundException("no rehearsal " + id + " is kept"));
    }

    private synchronized Optional<RehearsalRun> find(String id) {
        forgetOld();
        UUID key;
        try {
            key = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(runs.get(key));
    }

    private long waiting() {
        return runs.values().stream().filter(run -> !run.finished()).count();
    }

    /** Finished runs beyond the last {@code kept}, or older than {@code keptFor}; waiting and playing ones stay. */
    private void forgetOld() {
        Instant oldest = clock.instant().minus(keptFor);
        long finished = runs.values().stream().filter(RehearsalRun::finished).count();
        for (Iterator<RehearsalRun> it = runs.values().iterator(); it.hasNext(); ) {
            RehearsalRun run = it.next();
            if (!run.finished()) {
                continue;
            }
            if (finished > kept || run.view().finishedAt().isBefore(oldest)) {
                it.remove();
                finished--;
            }
        }
    }
}
