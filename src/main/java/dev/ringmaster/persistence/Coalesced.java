package dev.ringmaster.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Calls for single keys that arrive together go to the database together — reads of devices' rows, and the
 * locked transactions that make fresh offers: at most {@code parallel} batches run at a time, and a key asked for while they are all busy waits for the next batch, which takes every key
 * waiting by then (up to {@code maxBatch}). When the reads are not busy, a key is read at once, alone, so an idle
 * service adds no delay; when many devices poll at once, one round trip answers several of them, and the
 * database's and the kernel's cost per round trip is shared.
 *
 * <p>No thread of its own: the caller whose key starts a batch reads it, and when it is done hands its place to
 * the first caller still waiting, who reads the next batch. So each caller reads at most one batch, its own.
 *
 * @param <K> the key (a device id)
 * @param <V> what is answered for it; the batch must answer every key it is given
 */
public final class Coalesced<K, V> {

    private final Function<List<K>, Map<K, V>> readAll;
    private final int parallel;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Waiting<K, V>> waiting = new ArrayDeque<>();
    private int reading;

    public Coalesced(Function<List<K>, Map<K, V>> readAll, int parallel, int maxBatch) {
        if (parallel < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("parallel and maxBatch must be at least 1");
        }
        this.readAll = readAll;
        this.parallel = parallel;
        this.maxBatch = maxBatch;
    }

    /** What was read for {@code key}, alone or with others; a failed batch read fails every caller in it. */
    public V get(K key) {
        Waiting<K, V> mine = new Waiting<>(key);
        boolean leads;
        lock.lock();
        try {
            leads = reading < parallel;
            if (leads) {
                reading++;
            } else {
                waiting.add(mine);
            }
        } finally {
            lock.unlock();
        }
        if (!leads && !mine.awaitTurn()) {
            return mine.value();
        }
        readBatchWith(mine);
        return mine.value();
    }

    /** Callers waiting for a batch to take them; for tests. */
    int waitingNow() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void readBatchWith(Waiting<K, V> mine) {
        List<Waiting<K, V>> batch = new ArrayList<>();
        batch.add(mine);
        try {
            lock.lock();
            try {
                while (batch.size() < maxBatch && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
            } finally {
                lock.unlock();
            }
            read(batch);
        } finally {
            handOnPlace();
        }
    }

    /** The place this caller read in goes to the first caller waiting, or is freed; also when the read failed. */
    private void handOnPlace() {
        Waiting<K, V> next;
        lock.lock();
        try {
            next = waiting.poll();
            if (next == null) {
                reading--;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.outcome.complete(Outcome.yourTurn());
        }
    }

    private void read(List<Waiting<K, V>> batch) {
        Map<K, List<Waiting<K, V>>> byKey = new LinkedHashMap<>();
        batch.forEach(one -> byKey.computeIfAbsent(one.key, key -> new ArrayList<>()).add(one));
        Map<K, V> read;
        try {
            read = readAll.apply(List.copyOf(byKey.keySet()));
        } catch (RuntimeException | Error e) {
            batch.forEach(one -> one.outcome.complete(Outcome.failed(e)));
            throw e;
        }
        byKey.forEach((key, callers) -> {
            V value = read.get(key);
            Outcome<V> outcome = value != null ? Outcome.read(value)
                    : Outcome.failed(new IllegalStateException("the batch read answered nothing for " + key));
            callers.forEach(one -> one.outcome.complete(outcome));
        });
    }

    private record Outcome<V>(V value, Throwable failure, boolean turn) {

        static <V> Outcome<V> read(V value) {
            return new Outcome<>(value, null, false);
        }

        static <V> Outcome<V> failed(Throwable failure) {
            return new Outcome<>(null, failure, false);
        }

        static <V> Outcome<V> yourTurn() {
            return new Outcome<>(null, null, true);
        }
    }

    private static final class Waiting<K, V> {

        final K key;
        /** Completed by whoever reads this caller's key, or by the caller handing it a place to read. */
        CompletableFuture<Outcome<V>> outcome = new CompletableFuture<>();

        Waiting(K key) {
            this.key = key;
        }

        /** True when it is this caller's turn to read a batch; false when another caller's batch answered it. */
        boolean awaitTurn() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        Outcome<V> got = outcome.get();
                        if (got.turn()) {
                            // A fresh one for its own batch's answer; no other thread holds this caller yet.
                            outcome = new CompletableFuture<>();
                            return true;
                        }
                        return false;
                    } catch (InterruptedException e) {
                        // Leaving would strand the place it may be handed; it waits, and keeps the interrupt.
                        interrupted = true;
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        V value() {
            Outcome<V> got = outcome.getNow(null);
            if (got == null || got.turn()) {
                throw new IllegalStateException("read without an answer");
            }
            if (got.failure() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (got.failure() instanceof Error error) {
                throw error;
            }
            if (got.failure() != null) {
                throw new IllegalStateException(got.failure());
            }
            return got.value();
        }
    }
}
