package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheGenerations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last decision told to each device, in memory, so that a device revalidating with {@code If-None-Match}
 * is answered 304 without touching the database. An entry is used only while it is valid on every count:
 * same installed versions reported, the generations it was computed under unchanged (see {@link ChangeFeed}),
 * and its own time not up (a "wait until 02:00" stops being true at 02:00; an offer ends with its window).
 */
@ApplicationScoped
public class DecisionCache {

    private static final int MAX_ENTRIES = 1_000_000;

    record Entry(String etag, CheckInAnswer answer, String installedKey, Instant validUntil, String tenantId,
                 CacheGenerations.Stamp stamp) {
    }

    private final Map<UUID, Entry> byDevice = new ConcurrentHashMap<>();

    @Inject
    CacheGenerations generations;

    Optional<Entry> valid(UUID deviceId, String installedKey, Instant now) {
        Entry entry = byDevice.get(deviceId);
        if (entry == null) {
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
        if (held != null && held.etag().equals(entry.etag()) && holds(held, entry.installedKey(), now)) {
            return;
        }
        if (byDevice.size() >= MAX_ENTRIES) {
            // A crude bound: losing every entry only costs one database read per device.
            byDevice.clear();
        }
        byDevice.put(deviceId, entry);
    }

    /** Same installed versions reported, its own time not up, the generations it was computed under unchanged. */
    private boolean holds(Entry entry, String installedKey, Instant now) {
        return entry.installedKey().equals(installedKey) && now.isBefore(entry.validUntil())
                && generations.current(entry.stamp(), entry.tenantId());
    }

    public void forget(UUID deviceId) {
        byDevice.remove(deviceId);
    }
}
