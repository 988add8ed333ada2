package dev.ringmaster.device;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generation counters that make the device caches (decisions, tokens) forget: one for everything, one per
 * tenant. An entry remembers the generations it was computed under and is used only while both are
 * unchanged, so forgetting a tenant costs one increment however many entries it has. An entry is also
 * refused while the change feed is down ({@link #trusted()}), because changes could then go unnoticed.
 */
@ApplicationScoped
public class CacheGenerations {

    /** The generations an entry was computed under; taken before reading, so a change during the read counts. */
    public record Stamp(long all, long tenant) {
    }

    private final AtomicLong all = new AtomicLong();
    private final Map<String, AtomicLong> tenants = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean trusted;

    /** Counts every forgetting of any kind: work that read before it cannot know its tenant yet compares it. */
    public long changes() {
        return changes.get();
    }

    /** The generation of everything, for entries that belong to no tenant. */
    public long all() {
        return all.get();
    }

    public Stamp stamp(String tenantId) {
        return new Stamp(all.get(), tenants.computeIfAbsent(tenantId, id -> new AtomicLong()).get());
    }

    public boolean current(Stamp stamp, String tenantId) {
        return trusted && stamp.equals(stamp(tenantId));
    }

    public void forgetTenant(String tenantId) {
        changes.incrementAndGet();
        tenants.computeIfAbsent(tenantId, id -> new AtomicLong()).incrementAndGet();
    }

    public void forgetAll() {
        changes.incrementAndGet();
        all.incrementAndGet();
    }

    /** Set by the change feed: true while it is connected and listening. */
    public void trusted(boolean connected) {
        if (!connected) {
            forgetAll();
        }
        trusted = connected;
    }

    public boolean trusted() {
        return trusted;
    }
}
