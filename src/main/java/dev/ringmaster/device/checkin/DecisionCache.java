package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.CacheMeter;
import dev.ringmaster.device.DeviceEntries;
import dev.ringmaster.device.PollMetrics.Protocol;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The last decision told to each device, in memory, so that a device revalidating with {@code If-None-Match}
 * is answered 304 without touching the database, and one checking in without it (or polling over DDI) is told the
 * same again without deciding it again. Each protocol keeps its own answers apart (a device that speaks both, as
 * the load benchmark's do, keeps one of each): a native check-in's under the installed versions it reported
 * ({@link CheckIns}), a DDI poll's under none, since a DDI device reports its versions through feedback, which
 * forgets its entry ({@code ddi.Ddi}). An entry is used only while it is valid on every count:
 * same key, the generations it was computed under unchanged (see {@link ChangeFeed}),
 * not forgotten since (its windows or its action changed; see {@link DeviceEntries}), and its own time not up
 * (a "wait until 02:00" stops being true at 02:00; an offer ends with its window).
 */
@ApplicationScoped
public class DecisionCache {

    private static final int MAX_ENTRIES = 1_000_000;

    /**
     * What the device was told, under the key it holds for ({@code key}); {@code etag} names what it was told, so
     * that an entry telling the same is not replaced.
     */
    public record Entry(String key, String etag, Object answer, Instant validUntil) {

        /** The answer, of the kind the protocol that put it keeps. */
        public <A> A answer(Class<A> type) {
            return type.cast(answer);
        }
    }

    @Inject
    CacheGenerations generations;

    @Inject
    MeterRegistry registry;

    private DeviceEntries<Entry> checkIns;
    private DeviceEntries<Entry> ddiPolls;
    /**
     * Set before the first DDI poll reads anything. Until then no DDI entry is held or being computed, so forgetting
     * a device leaves no mark among the DDI entries: a fleet of native agents keeps no second mark per device.
     */
    private volatile boolean ddiPolled;
    private CacheMeter meter;

    @PostConstruct
    void start() {
        checkIns = new DeviceEntries<>(generations, MAX_ENTRIES);
        ddiPolls = new DeviceEntries<>(generations, MAX_ENTRIES);
        meter = new CacheMeter(registry, "decisions", () -> checkIns.size() + ddiPolls.size());
    }

    /** The device's entry of {@code protocol} while it holds for {@code key}. */
    public Optional<Entry> valid(Protocol protocol, UUID deviceId, String key, Instant now) {
        DeviceEntries<Entry> entries = of(protocol);
        Entry entry = entries.current(deviceId);
        if (entry == null) {
            meter.miss();
            return Optional.empty();
        }
        if (!holds(entry, key, now)) {
            entries.drop(deviceId, entry);
            meter.miss();
            return Optional.empty();
        }
        meter.hit();
        return Optional.of(entry);
    }

    /**
     * Keeps the entry already held when it still holds and tells the device the same thing: it then only ends a
     * little sooner than the new one would, and a fleet re-polling fast does not replace an entry per poll for
     * the garbage collector to copy. {@code readAfter}: {@link #readStarts} before the device's rows were read.
     */
    public void put(Protocol protocol, UUID deviceId, Entry entry, String tenantId, CacheGenerations.Stamp stamp, long readAfter, Instant now) {
        if (!now.isBefore(entry.validUntil())) {
            // Holds for no time (a wait for a shared budget): it would only be dropped at the next look.
            return;
        }
        DeviceEntries<Entry> entries = of(protocol);
        Entry held = entries.current(deviceId);
        if (held != null && held.etag().equals(entry.etag()) && holds(held, entry.key(), now)) {
            return;
        }
        entries.put(deviceId, entry, tenantId, stamp, readAfter);
    }

    /** Taken before a device's rows are read for a decision of {@code protocol}. */
    public long readStarts(Protocol protocol) {
        if (protocol == Protocol.DDI) {
            // Before the read starts: a forgetting that misses this flag came before the read, which then sees its change.
            ddiPolled = true;
        }
        return of(protocol).readStarts();
    }

    private DeviceEntries<Entry> of(Protocol protocol) {
        return protocol == Protocol.DDI ? ddiPolls : checkIns;
    }

    /** Same key (for a native check-in: the same installed versions reported), its own time not up. */
    private static boolean holds(Entry entry, String key, Instant now) {
        return entry.key().equals(key) && now.isBefore(entry.validUntil());
    }

    /** The device's windows or action changed: its entries go, and one computed from a read before now never comes. */
    public void forget(UUID deviceId) {
        checkIns.forget(deviceId);
        if (ddiPolled) {
            ddiPolls.forget(deviceId);
        }
    }
}
