package dev.ringmaster.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device tokens (by hash) seen valid recently, so that a revalidating check-in can be answered without a
 * database round trip. Used only where a stale answer is harmless (a 304 "your decision has not changed");
 * a new token or a retirement reaches it through the change feed like any other change of the tenant.
 */
@ApplicationScoped
public class DeviceTokenCache {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 500_000;

    private record Entry(CurrentDevice.AuthenticatedDevice device, CacheGenerations.Stamp stamp, Instant until) {
    }

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();

    @Inject
    CacheGenerations generations;

    @Inject
    Clock clock;

    public Optional<CurrentDevice.AuthenticatedDevice> get(String tokenHash) {
        Entry entry = byHash.get(tokenHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (!generations.current(entry.stamp(), entry.device().tenantId()) || clock.instant().isAfter(entry.until())) {
            byHash.remove(tokenHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.device());
    }

    /** {@code stamp} must have been taken before the token was looked up. */
    public void put(String tokenHash, CurrentDevice.AuthenticatedDevice device, CacheGenerations.Stamp stamp) {
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.clear();
        }
        byHash.put(tokenHash, new Entry(device, stamp, clock.instant().plus(TTL)));
    }
}
