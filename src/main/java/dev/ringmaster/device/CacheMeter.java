package dev.ringmaster.device;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.IntSupplier;

/**
 * One in-memory cache's {@code ringmaster_cache_entries{cache}} and {@code ringmaster_cache_lookups_total{cache,
 * result=hit|miss}}, so every cache reads alike on a dashboard: hit rate = hits / (hits + misses). The name is a
 * constant of the cache's own class.
 */
public final class CacheMeter {

    private final Counter hits;
    private final Counter misses;

    public CacheMeter(MeterRegistry registry, String cache, IntSupplier size) {
        Gauge.builder("ringmaster.cache.entries", size::getAsInt).description("Entries held by an in-memory cache")
                .tag("cache", cache).strongReference(true).register(registry);
        hits = lookups(registry, cache, "hit");
        misses = lookups(registry, cache, "miss");
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    private static Counter lookups(MeterRegistry registry, String cache, String result) {
        return Counter.builder("ringmaster.cache.lookups").description("Lookups in an in-memory cache by whether it held the answer")
                .tag("cache", cache).tag("result", result).register(registry);
    }
}
