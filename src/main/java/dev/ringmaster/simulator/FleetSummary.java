package dev.ringmaster.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What happened, counted per behaviour and overall. Thread-safe. */
public final class FleetSummary {

    public enum Count {
        ENROLLED, CHECK_INS, NOT_MODIFIED, OFFERED, SUCCEEDED, FAILED, SILENCED, CANCELLED, LOST_REQUESTS, RETRIED_REPORTS, ERRORS
    }

    private final Map<Behaviour, Map<Count, AtomicLong>> counts = new EnumMap<>(Behaviour.class);

    public FleetSummary() {
        for (Behaviour behaviour : Behaviour.values()) {
            Map<Count, AtomicLong> row = new EnumMap<>(Count.class);
            for (Count count : Count.values()) {
                row.put(count, new AtomicLong());
            }
            counts.put(behaviour, row);
        }
    }

    void add(Behaviour behaviour, Count count) {
        counts.get(behaviour).get(count).incrementAndGet();
    }

    public long get(Behaviour behaviour, Count count) {
        return counts.get(behaviour).get(count).get();
    }

    public long total(Count count) {
        return counts.values().stream().mapToLong(row -> row.get(count).get()).sum();
    }

    /** A table: one line per behaviour that has devices, one column per count. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format("%-16s", "behaviour"));
        for (Count count : Count.values()) {
            out.append(String.format("%14s", count.name().toLowerCase().replace('_', '-')));
        }
        out.append('\n');
        for (Behaviour behaviour : Behaviour.values()) {
            if (get(behaviour, Count.ENROLLED) == 0) {
                continue;
            }
            out.append(String.format("%-16s", behaviour.name().toLowerCase().replace('_', '-')));
            for (Count count : Count.values()) {
                out.append(String.format("%14d", get(behaviour, count)));
            }
            out.append('\n');
        }
        out.append(String.format("%-16s", "total"));
        for (Count count : Count.values()) {
            out.append(String.format("%14d", total(count)));
        }
        return out.append('\n').toString();
    }
}
