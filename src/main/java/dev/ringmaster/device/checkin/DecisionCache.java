package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheGenerations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last decision told to each device, in memory, so that a device revalidating with {@code If-None-Match}
 * is answered 304 without touching the database. An entry is used only while it is valid on every count:
 * same installed versions reported, the generations it was computed under unchanged (see {@link ChangeFeed}),
 * and its own time not up (a "wait until 02:00" stops being true at 02:00; an offer ends with its window).
 *
 * <p>One device's entry is forgotten when the change feed names the device (its windows or its action
 * changed). A check-in that read the device's rows before that change committed may finish after the
 * forgetting, so forgetting leaves a mark with a sequence number, and an entry whose read began before the
 * mark is not stored.
 */
@ApplicationScoped
public class DecisionCache {

    private static final int MAX_ENTRIES = 1_000_000;

    /** {@code readAfter}: {@link #forgettings()} before the device's rows were read. */
    record Entry(String etag, CheckInAnswer answer, String installedKey, Instant validUntil, String tenantId,
                 CacheGenerations.Stamp stamp, long readAfter) {

        /** The mark a device's forgetting leaves: no answer, only when it was forgotten. */
        static Entry forgotten(long at) {
            return new Entry(null, null, null, Instant.MIN, null, null, at);
        }

        boolean isMark() {
            return etag == null;
        }
    }

    private final Map<UUID, Entry> byDevice = new ConcurrentHashMap<>();
    private final AtomicLong forgettings = new AtomicLong();
    private volatile long clearedAt;

    @Inject
    CacheGenerations generations;

    Optional<Entry> valid(UUID deviceId, String installedKey, Instant now) {
        Entry entry = byDevice.get(deviceId);
        if (entry == null || entry.isMark()) {
            return Optional.empty();
        }
        if (!holds(entry, installedKey, now)) {
            byDevice.remove(deviceId, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /**
     * Keeps the entry already held when it still holds and tells the device the same thing: it then only ends a
     * little sooner than the new one would, and a fleet re-polling fast does not replace an entry per poll for
     * the garbage collector to copy.
     */
    void put(UUID deviceId, Entry entry, Instant now) {
        Entry held = byDevice.get(deviceId);
        if (held != null && !held.isMark() && held.etag().equals(entry.etag()) && holds(held, entry.installedKey(), now)) {
            return;
        }
        if (byDevice.size() >= MAX_ENTRIES) {
            // A crude bound: losing every entry only costs one database read per device. The marks go too, so
            // nothing read before the clearing is stored after it.
            clearedAt = forgettings.incrementAndGet();
            byDevice.clear();
        }
        if (entry.readAfter() < clearedAt) {
            return;
        }
        // Not over a mark left after this entry's read began: what it read may be what the forgetting was about.
        byDevice.compute(deviceId, (id, current) -> current != null && current.isMark() && current.readAfter() > entry.readAfter()
                ? current : entry);
    }

    /** Taken before a device's rows are read, for {@link Entry#readAfter()}. */
    long forgettings() {
        return forgettings.get();
    }

    /** Same installed versions reported, its own time not up, the generations it was computed under unchanged. */
    private boolean holds(Entry entry, String installedKey, Instant now) {
        return entry.installedKey().equals(installedKey) && now.isBefore(entry.validUntil())
                && generations.current(entry.stamp(), entry.tenantId());
    }

    /** The device's windows or action changed: its entry goes, and one computed from a read before now never comes. */
    public void forget(UUID deviceId) {
        byDevice.put(deviceId, Entry.forgotten(forgettings.incrementAndGet()));
    }
}
