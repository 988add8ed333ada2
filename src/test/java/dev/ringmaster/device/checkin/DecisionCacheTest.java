package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.PollMetrics.Protocol;
import dev.ringmaster.device.offer.WaitReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final UUID DEVICE = UUID.randomUUID();

    private final CacheGenerations generations = new CacheGenerations();
    private final DecisionCache cache = new DecisionCache();

    @BeforeEach
    void trustTheFeed() {
        generations.trusted(true);
        cache.generations = generations;
        cache.registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        cache.start();
    }

    @Test
    void theSameAnswerAgainKeepsTheEntryHeldWhichEndsNoLaterThanTheNewOne() {
        DecisionCache.Entry held = entry("\"a\"", NOW.plusSeconds(60));
        put(held, NOW);
        put(entry("\"a\"", NOW.plusSeconds(600)), NOW.plusSeconds(10));

        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW.plusSeconds(20))).containsSame(held);
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    void aDifferentAnswerAnExpiredEntryOrANewGenerationReplaceIt() {
        put(entry("\"a\"", NOW.plusSeconds(60)), NOW);
        DecisionCache.Entry other = entry("\"b\"", NOW.plusSeconds(60));
        put(other, NOW);
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW)).containsSame(other);

        DecisionCache.Entry afterExpiry = entry("\"b\"", NOW.plusSeconds(600));
        put(afterExpiry, NOW.plusSeconds(60));
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW.plusSeconds(300))).containsSame(afterExpiry);

        generations.forgetTenant("acme");
        DecisionCache.Entry underNewGeneration = entry("\"b\"", NOW.plusSeconds(900));
        put(underNewGeneration, NOW.plusSeconds(310));
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW.plusSeconds(700))).containsSame(underNewGeneration);
    }

    @Test
    void aForgottenDeviceKeepsNoEntryReadBeforeTheForgettingButTakesOneReadAfter() {
        put(entry("\"a\"", NOW.plusSeconds(600)), NOW);
        long readBefore = cache.readStarts(Protocol.NATIVE);
        DecisionCache.Entry stale = entry("\"a\"", NOW.plusSeconds(600));

        // Its windows changed (the feed names the device) while a check-in was still computing from the old ones.
        cache.forget(DEVICE);
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW)).isEmpty();
        put(stale, NOW, readBefore);
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW)).isEmpty();

        DecisionCache.Entry fresh = entry("\"b\"", NOW.plusSeconds(600));
        put(fresh, NOW);
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW)).containsSame(fresh);
        // Another device's forgetting does not touch it.
        cache.forget(UUID.randomUUID());
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW)).containsSame(fresh);
    }

    @Test
    void eachProtocolKeepsItsOwnEntryAndAForgettingTakesBoth() {
        DecisionCache.Entry checkIn = entry("\"a\"", NOW.plusSeconds(600));
        put(checkIn, NOW);
        assertThat(cache.valid(Protocol.DDI, DEVICE, "", NOW)).as("no DDI poll yet").isEmpty();
        DecisionCache.Entry poll = new DecisionCache.Entry("", "poll", "what the poll was told", NOW.plusSeconds(600));
        long ddiRead = cache.readStarts(Protocol.DDI);
        cache.put(Protocol.DDI, DEVICE, poll, "acme", generations.stamp("acme", CacheGenerations.Kind.DECISIONS), ddiRead, NOW);
        assertThat(cache.valid(Protocol.DDI, DEVICE, "", NOW)).containsSame(poll);
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=1.0.0}", NOW)).as("the check-in's still held").containsSame(checkIn);
        // Other versions reported: decided again.
        assertThat(cache.valid(Protocol.NATIVE, DEVICE, "{agent=2.0.0}", NOW)).isEmpty();

        long ddiReadBefore = cache.readStarts(Protocol.DDI);
        cache.forget(DEVICE);
        assertThat(cache.valid(Protocol.DDI, DEVICE, "", NOW)).isEmpty();
        cache.put(Protocol.DDI, DEVICE, poll, "acme", generations.stamp("acme", CacheGenerations.Kind.DECISIONS), ddiReadBefore, NOW);
        assertThat(cache.valid(Protocol.DDI, DEVICE, "", NOW)).as("read before the forgetting").isEmpty();
    }

    private void put(DecisionCache.Entry entry, Instant now) {
        put(entry, now, cache.readStarts(Protocol.NATIVE));
    }

    private void put(DecisionCache.Entry entry, Instant now, long readAfter) {
        cache.put(Protocol.NATIVE, DEVICE, entry, "acme", generations.stamp("acme", CacheGenerations.Kind.DECISIONS), readAfter, now);
    }

    private static DecisionCache.Entry entry(String etag, Instant validUntil) {
        CheckInAnswer answer = new CheckInAnswer(CheckInAnswer.WAIT, validUntil, WaitReason.RING_NOT_OPEN, null);
        return new DecisionCache.Entry("{agent=1.0.0}", etag, answer, validUntil);
    }
}
