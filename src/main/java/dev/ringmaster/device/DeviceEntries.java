package dev.ringmaster.device;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One cached value per device, computed from the device's rows, that a change of those rows can overtake. A
 * value is handed out only while the generations it was read under (its tenant's and everyone's, see
 * {@link CacheGenerations}) are unchanged. One device's value goes when the device is forgotten (the change feed
 * named it, or this replica changed its rows). A reader that began before such a forgetting may finish after
 * it, so forgetting leaves a mark with a sequence number, and a value whose read began before the mark is not
 * stored: what it read may be what the forgetting was about. Nor does it replace a value read after the mark.
 *
 * @param <E> the value kept per device
 */
public final class DeviceEntries<E> {

    /** A held value, or the mark a forgetting leaves ({@code value} null). */
    private record Slot<E>(E value, String tenantId, CacheGenerations.Stamp stamp, long readAfter) {

        boolean isMark() {
            return value == null;
        }
    }

    private final Map<UUID, Slot<E>> byDevice = new ConcurrentHashMap<>();
    private final AtomicLong forgettings = new AtomicLong();
    private final CacheGenerations generations;
    private final int maxEntries;
    private volatile long clearedAt;

    public DeviceEntries(CacheGenerations generations, int maxEntries) {
        this.generations = generations;
        this.maxEntries = maxEntries;
    }

    /** Taken before a device's rows are read; a value put with it is refused if the device was forgotten since. */
    public long readStarts() {
        return forgettings.get();
    }

    /** The device's value while its generations are unchanged; null otherwise. */
    public E current(UUID deviceId) {
        Slot<E> slot = byDevice.get(deviceId);
        if (slot == null || slot.isMark()) {
            return null;
        }
        if (!generations.current(slot.stamp(), slot.tenantId())) {
            byDevice.remove(deviceId, slot);
            return null;
        }
        return slot.value();
    }

    /** Drops the value if it is still the one held (a caller found it no longer true on its own counts). */
    public void drop(UUID deviceId, E value) {
        Slot<E> slot = byDevice.get(deviceId);
        if (slot != null && slot.value() == value) {
            byDevice.remove(deviceId, slot);
        }
    }

    /**
     * Keeps {@code value}, read under {@code stamp} after {@code readAfter} ({@link #readStarts()}), unless the
     * device was forgotten after the read began.
     */
    public void put(UUID deviceId, E value, String tenantId, CacheGenerations.Stamp stamp, long readAfter) {
        if (byDevice.size() >= maxEntries) {
            // A crude bound: losing every value only costs one database read per device. The marks go too, so
            // nothing read before the clearing is stored after it.
            clearedAt = forgettings.incrementAndGet();
            byDevice.clear();
        }
        if (readAfter < clearedAt) {
            return;
        }
        Slot<E> slot = new Slot<>(value, tenantId, stamp, readAfter);
        // Whatever is held — a mark, or a value read after a later forgetting — wins over a read that began
        // before it: that read may have seen the rows the forgetting was about.
        byDevice.compute(deviceId, (id, current) -> current != null && current.readAfter() > readAfter ? current : slot);
    }

    /**
     * Reads the device's value through {@code read} (a read, or a write that answers what it stored) and keeps it,
     * unless the device was forgotten or its tenant's {@code kind} moved on while it ran.
     */
    public E load(UUID deviceId, String tenantId, CacheGenerations.Kind kind, Supplier<E> read) {
        // Both taken before the read, so a change committed while it runs is never missed.
        CacheGenerations.Stamp stamp = generations.stamp(tenantId, kind);
        long readAfter = readStarts();
        E value = read.get();
        put(deviceId, value, tenantId, stamp, readAfter);
        return value;
    }

    /** The device's rows changed: its value goes, and one read before now never comes. */
    public void forget(UUID deviceId) {
        byDevice.put(deviceId, new Slot<>(null, null, null, forgettings.incrementAndGet()));
    }

    public int size() {
        return byDevice.size();
    }
}
