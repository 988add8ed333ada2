package dev.ringmaster.device.offer;

import dev.ringmaster.device.CacheGenerations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps the {@link SharedFacts} in memory, so a full check-in reads from the database only the device's own
 * rows. Entries live under the cache generations the change feed moves (V9's triggers fire on every change to
 * releases, rollouts, rings, tenants and policies, from any replica): releases and rollouts until anything
 * changes, a tenant's facts until that tenant changes. The generation is read before loading, so a change that
 * lands during a load makes that load's entries stale at once. While the feed is down nothing is kept and
 * every call loads.
 */
@ApplicationScoped
public class SharedFactsCache {

    private record Vendor(long generation, Map<UUID, SharedFacts.ReleaseFact> releases, Map<UUID, SharedFacts.RolloutFact> rollouts) {
    }

    private record TenantEntry(CacheGenerations.Stamp stamp, SharedFacts.TenantFact fact) {
    }

    @Inject
    CacheGenerations generations;

    private volatile Vendor vendor = new Vendor(-1, Map.of(), Map.of());
    private final Map<String, TenantEntry> tenants = new ConcurrentHashMap<>();
    private final Map<UUID, String> productKeys = new ConcurrentHashMap<>();

    /**
     * Product keys by product id. Kept whatever changes, because a product is never renamed nor deleted; a
     * product created since is loaded when first asked for.
     */
    public Map<UUID, String> productKeys(Set<UUID> ids, Function<Set<UUID>, Map<UUID, String>> load) {
        Set<UUID> missing = new HashSet<>();
        for (UUID id : ids) {
            if (!productKeys.containsKey(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            productKeys.putAll(load.apply(missing));
        }
        return productKeys;
    }

    public Map<UUID, SharedFacts.ReleaseFact> releases(Set<UUID> ids, Function<Set<UUID>, Map<UUID, SharedFacts.ReleaseFact>> load) {
        return vendorFacts(ids, load, Vendor::releases);
    }

    public Map<UUID, SharedFacts.RolloutFact> rollouts(Set<UUID> ids, Function<Set<UUID>, Map<UUID, SharedFacts.RolloutFact>> load) {
        return vendorFacts(ids, load, Vendor::rollouts);
    }

    /** The tenant's facts; {@code load} answers null for a tenant that does not exist (nothing is kept then). */
    public SharedFacts.TenantFact tenant(String tenantId, Function<String, SharedFacts.TenantFact> load) {
        if (!generations.trusted()) {
            return load.apply(tenantId);
        }
        CacheGenerations.Stamp stamp = generations.stamp(tenantId, CacheGenerations.Kind.DECISIONS);
        TenantEntry entry = tenants.get(tenantId);
        if (entry != null && entry.stamp().equals(stamp)) {
            return entry.fact();
        }
        SharedFacts.TenantFact fact = load.apply(tenantId);
        if (fact != null) {
            tenants.put(tenantId, new TenantEntry(stamp, fact));
        }
        return fact;
    }

    private <T> Map<UUID, T> vendorFacts(Set<UUID> ids, Function<Set<UUID>, Map<UUID, T>> load, Function<Vendor, Map<UUID, T>> part) {
        if (!generations.trusted()) {
            return load.apply(ids);
        }
        Map<UUID, T> kept = part.apply(current(generations.all()));
        Map<UUID, T> found = new HashMap<>();
        Set<UUID> missing = new HashSet<>();
        for (UUID id : ids) {
            T fact = kept.get(id);
            if (fact == null) {
                missing.add(id);
            } else {
                found.put(id, fact);
            }
        }
        if (!missing.isEmpty()) {
            Map<UUID, T> loaded = load.apply(missing);
            kept.putAll(loaded);
            found.putAll(loaded);
        }
        return found;
    }

    /** The entries of this generation; a newer generation starts empty, and an older reader never replaces it. */
    private Vendor current(long generation) {
        Vendor kept = vendor;
        if (kept.generation() == generation) {
            return kept;
        }
        synchronized (this) {
            if (vendor.generation() < generation) {
                vendor = new Vendor(generation, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
            }
            return vendor.generation() == generation ? vendor : new Vendor(generation, new HashMap<>(), new HashMap<>());
        }
    }
}
