package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheMeter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.DeviceEntries;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The last decision told to each device, in memory, so that a device revalidating with {@code If-None-Match}
 * is answered 304 without touching the database, and one checking in without it is told the same again without
 * deciding it again. An entry is used only while it is valid on every count:
 * same installed versions reported, the generations it was computed under unchanged (see {@link ChangeFeed}),
 * not forgotten since (its windows or its action changed; see {@link DeviceEntries}), and its own time not up
 * (a "wait until 02:00" stops being true at 02:00; an offer ends with its window).
 */
@ApplicationScoped
public class DecisionCache {

    private static final int MAX_ENTRIES = 1_000_000;

    record Entry(String etag, CheckInAnswer answer, String installedKey, Instant validUntil) {
    }

    @Inject
    CacheGenerations generations;

    @Inject
    MeterRegistry registry;

    private DeviceEntries<Entry> entries;
    private CacheMeter meter;

    @PostConstruct
    void start() {
        entries = new DeviceEntries<>(generations, MAX_ENTRIES);
        meter = new CacheMeter(registry, "decisions", entries::size);
    }

    Optional<Entry> valid(UUID deviceId, String installedKey, Instant now) {
        Entry entry = entries.current(deviceId);
        if (entry == null) {
            meter.miss();
            return Optional.empty();
        }
        if (!holds(entry, installedKey, now)) {
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
     * the garbage collector to copy. {@code readAfter}: {@link #readStarts()} before the device's rows were read.
     */
    void put(UUID deviceId, Entry entry, String tenantId, CacheGenerations.Stamp stamp, long readAfter, Instant now) {
        if (!now.isBefore(entry.validUntil())) {
            // Holds for no time (a wait for a shared budget): it would only be dropped at the next look.
            return;
        }
        Entry held = entries.current(deviceId);
        if (held != null && held.etag().equals(entry.etag()) && holds(held, entry.installedKey(), now)) {
            return;
        }
        entries.put(deviceId, entry, tenantId, stamp, readAfter);
    }

    /** Taken before a device's rows are read. */
    long readStarts() {
        return entries.readStarts();
    }

    /** Same installed versions reported, its own time not up. */
    private static boolean holds(Entry entry, String installedKey, Instant now) {
        return entry.installedKey().equals(installedKey) && now.isBefore(entry.validUntil());
    }

    /** The device's windows or action changed: its entry goes, and one computed from a read before now never comes. */
    public void forget(UUID deviceId) {
        entries.forget(deviceId);
    }
}
