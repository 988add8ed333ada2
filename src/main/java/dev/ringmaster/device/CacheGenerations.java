package dev.ringmaster.device;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generation counters that make the device caches (tokens, rows, decisions) forget: one for everything, and per
 * tenant one for each {@link Kind} of entry. An entry remembers the generations it was computed under and is used
 * only while both are unchanged, so forgetting a tenant costs one increment however many entries it has. An entry
 * is also refused while the change feed is down ({@link #trusted()}), because changes could then go unnoticed.
 */
@ApplicationScoped
public class CacheGenerations {

    /**
     * What a tenant-wide forgetting is about, from the widest to the narrowest; forgetting one kind forgets the
     * kinds after it too, as their entries are computed from it. A policy edit forgets decisions only, so the
     * fleet's tokens and rows stay in memory while its decisions are made again.
     */
    public enum Kind {
        /** Device tokens and statuses (a new token, a retirement, a suspended tenant), and everything below. */
        CREDENTIALS,
        /** Devices' stored rows (windows, actions, installed versions), and the decisions made from them. */
        ROWS,
        /** Decisions and the tenant's facts they read (policies, pilot gates). */
        DECISIONS
    }

    /** The generations an entry was computed under; taken before reading, so a change during the read counts. */
    public record Stamp(Kind kind, long all, long tenant) {
    }

    private final AtomicLong all = new AtomicLong();
    private final Map<String, AtomicLong[]> tenants = new ConcurrentHashMap<>();
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

    public Stamp stamp(String tenantId, Kind kind) {
        return new Stamp(kind, all.get(), counters(tenantId)[kind.ordinal()].get());
    }

    public boolean current(Stamp stamp, String tenantId) {
        return trusted && stamp.equals(stamp(tenantId, stamp.kind()));
    }

    /** Forgets everything of the tenant. */
    public void forgetTenant(String tenantId) {
        forget(tenantId, Kind.CREDENTIALS);
    }

    /** Forgets the tenant's entries of {@code kind} and of the kinds computed from it. */
    public void forget(String tenantId, Kind kind) {
        changes.incrementAndGet();
        AtomicLong[] counters = counters(tenantId);
        for (int i = kind.ordinal(); i < counters.length; i++) {
            counters[i].incrementAndGet();
        }
    }

    private AtomicLong[] counters(String tenantId) {
        return tenants.computeIfAbsent(tenantId, id -> {
            AtomicLong[] counters = new AtomicLong[Kind.values().length];
            for (int i = 0; i < counters.length; i++) {
                counters[i] = new AtomicLong();
            }
            return counters;
        });
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
