package dev.ringmaster.persistence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescedTest {

    /** A batch read that records what it was asked for and can be held until the test lets it go. */
    private static final class Reader implements Function<List<String>, Map<String, String>> {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final AtomicInteger atOnce = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);
        final CountDownLatch firstStarted = new CountDownLatch(1);
        volatile RuntimeException failWith;

        @Override
        public Map<String, String> apply(List<String> keys) {
            batches.add(keys);
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            firstStarted.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
                if (failWith != null) {
                    throw failWith;
                }
                Map<String, String> read = new HashMap<>();
                keys.forEach(key -> read.put(key, "value of " + key));
                return read;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                atOnce.decrementAndGet();
            }
        }
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @Test
    void aKeyAskedForAloneIsReadAtOnceAndAlone() {
        Reader reader = new Reader();
        Coalesced<String, String> reads = new Coalesced<>(reader, 2, 64);

        assertThat(reads.get("a")).isEqualTo("value of a");
        assertThat(reads.get("b")).isEqualTo("value of b");

        assertThat(reader.batches).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void keysAskedForWhileTheReadsAreBusyGoTogetherInTheNextBatchEachOnce() throws Exception {
        Reader reader = new Reader();
        reader.hold = new CountDownLatch(1);
        Coalesced<String, String> reads = new Coalesced<>(reader, 1, 64);
        Future<String> first = threads.submit(() -> reads.get("a"));
        assertThat(reader.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> later = new ArrayList<>();
        for (String key : List.of("b", "c", "d", "b", "e")) {
            later.add(threads.submit(() -> reads.get(key)));
        }
        awaitWaiting(reads, 5);

        reader.hold.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("value of a");
        List<String> answers = new ArrayList<>();
        for (Future<String> one : later) {
            answers.add(one.get(10, TimeUnit.SECONDS));
        }
        assertThat(answers).containsExactly("value of b", "value of c", "value of d", "value of b", "value of e");
        assertThat(reader.batches).hasSize(2);
        assertThat(reader.batches.get(1)).containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(reader.mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void noMoreBatchesRunAtOnceThanAllowedAndNoneIsLargerThanTheMaximum() throws Exception {
        Reader reader = new Reader();
        reader.hold = new CountDownLatch(1);
        Coalesced<String, String> reads = new Coalesced<>(reader, 2, 3);
        List<Future<String>> all = new ArrayList<>();
        all.add(threads.submit(() -> reads.get("k0")));
        all.add(threads.submit(() -> reads.get("k1")));
        awaitBatches(reader, 2);
        for (int i = 2; i < 12; i++) {
            String key = "k" + i;
            all.add(threads.submit(() -> reads.get(key)));
        }
        awaitWaiting(reads, 10);

        reader.hold.countDown();

        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("value of k" + i);
        }
        assertThat(reader.mostAtOnce.get()).isEqualTo(2);
        assertThat(reader.batches).allSatisfy(batch -> assertThat(batch.size()).isBetween(1, 3));
        assertThat(reader.batches.stream().mapToInt(List::size).sum()).isEqualTo(12);
        assertThat(reader.batches.size()).isLessThan(12);
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheNextCallerReadsAgain() throws Exception {
        Reader reader = new Reader();
        reader.hold = new CountDownLatch(1);
        reader.failWith = new IllegalStateException("database down");
        Coalesced<String, String> reads = new Coalesced<>(reader, 1, 64);
        Future<String> first = threads.submit(() -> reads.get("a"));
        assertThat(reader.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> second = threads.submit(() -> reads.get("b"));
        Future<String> third = threads.submit(() -> reads.get("c"));
        awaitWaiting(reads, 2);

        reader.hold.countDown();

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("database down");
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("database down");
        assertThatThrownBy(() -> third.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("database down");
        reader.failWith = null;
        assertThat(reads.get("d")).isEqualTo("value of d");
        assertThat(reader.batches).last().isEqualTo(List.of("d"));
    }

    @Test
    void aKeyTheBatchReadDoesNotAnswerFailsItsCallerAndLeavesTheNextOneReading() {
        Coalesced<String, String> reads = new Coalesced<>(keys -> keys.contains("x") ? Map.of("x", "1") : Map.of(), 1, 64);

        assertThatThrownBy(() -> reads.get("missing")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing");
        assertThat(reads.get("x")).isEqualTo("1");
    }

    @Test
    void manyCallersAtOnceAllGetTheirOwnValue() throws Exception {
        Reader reader = new Reader();
        Coalesced<String, String> reads = new Coalesced<>(reader, 2, 8);
        List<Future<String>> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String key = "k" + (i % 300);
            all.add(threads.submit(() -> reads.get(key)));
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("value of k" + (i % 300));
        }
        assertThat(reader.mostAtOnce.get()).isLessThanOrEqualTo(2);
        assertThat(reader.batches).allSatisfy(batch -> assertThat(Set.copyOf(batch)).hasSameSizeAs(batch));
        assertThat(reads.waitingNow()).isZero();
    }

    private static void awaitWaiting(Coalesced<?, ?> reads, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reads.waitingNow() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(reads.waitingNow()).isEqualTo(count);
    }

    private static void awaitBatches(Reader reader, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.batches.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(reader.batches).hasSize(count);
    }
}
