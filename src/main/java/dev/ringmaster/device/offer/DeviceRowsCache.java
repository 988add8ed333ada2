package dev.ringmaster.device.offer;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.CacheMeter;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.DeviceEntries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Each polling device's own rows (its windows with their actions, its installed versions) as last read, so
 * that a poll reads the database only on the device's first contact and after its rows changed. A device that
 * comes back when it was told to finds its rows here, although the decision cached for it ended at that very
 * time: the decision is made again from these rows and the shared facts, at the new time.
 *
 * <p>They stay true the way the decision cache's entries do ({@link DeviceEntries}): the change feed names the
 * device when a statement changes its windows, its actions (V9, V15) or its installed versions (V16), and this
 * replica forgets a device at once after it changed the device's rows itself (an offer opened, versions
 * recorded, a report).
 */
@ApplicationScoped
public class DeviceRowsCache {

    private static final int MAX_DEVICES = 1_000_000;

    /** What {@link OfferStore} read of one device: windows, and installed versions by product id. */
    record DeviceRows(String tenantId, List<SharedFacts.DeviceWindow> windows, Map<UUID, String> installed) {

        DeviceRows {
            windows = List.copyOf(windows);
            installed = Map.copyOf(installed);
        }
    }

    @Inject
    CacheGenerations generations;

    @Inject
    DeviceApiSettings settings;

    @Inject
    MeterRegistry registry;

    private DeviceEntries<DeviceRows> entries;
    private Counter reads;
    private CacheMeter meter;

    @PostConstruct
    void start() {
        entries = new DeviceEntries<>(generations, MAX_DEVICES);
        reads = registry.counter("ringmaster.device.row.reads");
        registry.gauge("ringmaster.device.row.cached", entries, DeviceEntries::size);
        meter = new CacheMeter(registry, "device-rows", entries::size);
    }

    /** The tenant's device's rows from memory while nothing says they changed, otherwise from {@code read}. */
    DeviceRows rows(String tenantId, UUID deviceId, Supplier<DeviceRows> read) {
        if (!settings.rowCache()) {
            reads.increment();
            return read.get();
        }
        DeviceRows held = entries.current(deviceId);
        if (held != null && held.tenantId().equals(tenantId)) {
            meter.hit();
            return held;
        }
        meter.miss();
        reads.increment();
        return entries.load(deviceId, tenantId, CacheGenerations.Kind.ROWS, read);
    }

    /** The device's rows changed (or may have): the next poll reads them. */
    public void forget(UUID deviceId) {
        entries.forget(deviceId);
    }
}
