package dev.ringmaster.device;

import dev.ringmaster.tenancy.DeviceAttributes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Each reporting device's attributes as stored, so that a check-in repeating them (the usual case: agents send
 * them every time) is answered without a write, a transaction or a read. Kept honest like the device's rows
 * ({@link DeviceEntries}, {@link CacheGenerations.Kind#ROWS}): a change of the stored attributes by any writer
 * names the device on the change feed (V26), and every forgetting of the tenant's rows forgets these too.
 */
@ApplicationScoped
public class KnownAttributes {

    private static final int MAX_DEVICES = 1_000_000;

    @Inject
    CacheGenerations generations;

    @Inject
    MeterRegistry registry;

    private DeviceEntries<DeviceAttributes> entries;

    @PostConstruct
    void start() {
        entries = new DeviceEntries<>(generations, MAX_DEVICES);
        registry.gauge("ringmaster.device.attributes.cached", entries, DeviceEntries::size);
    }

    /** The device's stored attributes from memory, or null when they have to be read. */
    public DeviceAttributes current(UUID deviceId) {
        return entries.current(deviceId);
    }

    /** The stored attributes through {@code read} (a read or a write), kept unless the device was forgotten meanwhile. */
    public DeviceAttributes load(String tenantId, UUID deviceId, Supplier<DeviceAttributes> read) {
        return entries.load(deviceId, tenantId, CacheGenerations.Kind.ROWS, read);
    }

    /** The device's attributes changed (or may have): the next report reads them. */
    public void forget(UUID deviceId) {
        entries.forget(deviceId);
    }
}
