package dev.ringmaster.device;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;

import dev.ringmaster.tenancy.DeviceEnrolled;
import dev.ringmaster.tenancy.TenantDevicesChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device tokens (by hash) seen valid recently, so that a polling device is authenticated without a database
 * round trip. A new token or a retirement reaches it through the change feed like any other change of the
 * tenant; on the instance that made the change, at once after its commit.
 *
 * <p>Bounded twice: by {@link #MAX_ENTRIES} (the map is emptied when full), and by time: an entry is refused
 * {@link #TTL} after it was put, and a sweep, run by a put at most every {@link #SWEEP_EVERY}, drops the entries
 * that expired or whose tenant was forgotten since, so the token of a device that stopped polling leaves memory
 * within {@code TTL + SWEEP_EVERY} of its last lookup from the database (while anything is put at all; when
 * nothing is, nothing grows).
 */
@ApplicationScoped
public class DeviceTokenCache {

    private static final Duration TTL = Duration.ofHours(2);
    private static final int MAX_ENTRIES = 500_000;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(30);

    private record Entry(CurrentDevice.AuthenticatedDevice device, CacheGenerations.Stamp stamp, Instant until) {
    }

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    @Inject
    CacheGenerations generations;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    private CacheMeter meter;

    @PostConstruct
    void start() {
        meter = new CacheMeter(registry, "device-tokens", byHash::size);
    }

    public Optional<CurrentDevice.AuthenticatedDevice> get(String tokenHash) {
        Entry entry = byHash.get(tokenHash);
        if (entry == null) {
            meter.miss();
            return Optional.empty();
        }
        if (!generations.current(entry.stamp(), entry.device().tenantId()) || clock.instant().isAfter(entry.until())) {
            byHash.remove(tokenHash, entry);
            meter.miss();
            return Optional.empty();
        }
        meter.hit();
        return Optional.of(entry.device());
    }

    /** Retired (among other changes): the instance that committed it forgets without waiting for the feed. */
    void devicesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantDevicesChanged changed) {
        generations.forgetTenant(changed.tenantId());
    }

    /** Enrolled again with a new token: likewise. A first enrollment has nothing cached to forget. */
    void enrolled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEnrolled enrolled) {
        if (enrolled.replacedToken()) {
            generations.forgetTenant(enrolled.tenantId());
        }
    }

    /** {@code stamp} must have been taken before the token was looked up. */
    public void put(String tokenHash, CurrentDevice.AuthenticatedDevice device, CacheGenerations.Stamp stamp) {
        Instant now = clock.instant();
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.clear();
        } else if (!now.isBefore(nextSweep)) {
            sweep(now);
        }
        byHash.put(tokenHash, new Entry(device, stamp, now.plus(TTL)));
    }

    /** Drops what no lookup would hand out any more. Two puts sweeping at once do no harm. */
    private void sweep(Instant now) {
        nextSweep = now.plus(SWEEP_EVERY);
        byHash.values().removeIf(entry -> now.isAfter(entry.until()) || !generations.current(entry.stamp(), entry.device().tenantId()));
    }

    int size() {
        return byHash.size();
    }
}
