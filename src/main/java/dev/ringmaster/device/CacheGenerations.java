package dev.ringmaster.device;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generation counters that make the device caches (tokens, rows, decisions) forget: for every tenant at once and per
 * tenant, one for each {@link Kind} of entry. An entry remembers the generations of its kind it was computed under
 * and is used only while both are unchanged, so forgetting a tenant, or every tenant, costs an increment or three
 * however many entries there are. An entry is also refused while the change feed is down ({@link #trusted()}),
 * because changes could then go unnoticed.
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

    /** Every tenant's generations at once, per kind: a rollout's change forgets decisions everywhere, not tokens. */
    private final AtomicLong[] everyone = newCounters();
    private final Map<String, AtomicLong[]> tenants = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean trusted;

    /** Counts every forgetting of any kind: work that read before it cannot know its tenant yet compares it. */
    public long changes() {
        return changes.get();
    }

    /**
     * The generation of the narrowest kind for every tenant, which every forgetting moves: for entries that belong
     * to no tenant (the vendor's releases and rollouts).
     */
    public long all() {
        return everyone[Kind.DECISIONS.ordinal()].get();
    }

    public Stamp stamp(String tenantId, Kind kind) {
        return new Stamp(kind, everyone[kind.ordinal()].get(), counters(tenantId)[kind.ordinal()].get());
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
        forget(counters(tenantId), kind);
    }

    /** Forgets every tenant's entries of {@code kind} and of the kinds computed from it. */
    public void forgetEveryTenant(Kind kind) {
        changes.incrementAndGet();
        forget(everyone, kind);
    }

    /** Forgets everything, of every kind and tenant. */
    public void forgetAll() {
        forgetEveryTenant(Kind.CREDENTIALS);
    }

    private static void forget(AtomicLong[] counters, Kind kind) {
        for (int i = kind.ordinal(); i < counters.length; i++) {
            counters[i].incrementAndGet();
        }
    }

    private AtomicLong[] counters(String tenantId) {
        return tenants.computeIfAbsent(tenantId, id -> newCounters());
    }

    private static AtomicLong[] newCounters() {
        AtomicLong[] counters = new AtomicLong[Kind.values().length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new AtomicLong();
        }
        return counters;
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
