package dev.ringmaster.rehearsal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts what happened per virtual hour, by ring and by tenant, and over the whole rehearsal. */
final class Tally {

    enum Kind {
        OFFERED, SUCCEEDED, FAILED, SILENT
    }

    private static final class Counter {
        final int[] counts = new int[Kind.values().length];

        RehearsalResult.Counts counts() {
            return new RehearsalResult.Counts(counts[0], counts[1], counts[2], counts[3]);
        }
    }

    private record HourCounters(Map<String, Counter> byRing, Map<String, Counter> byTenant, List<String> events) {
    }

    private final Instant start;
    private final TreeMap<Integer, HourCounters> hours = new TreeMap<>();
    private final Counter total = new Counter();

    Tally(Instant start) {
        this.start = start;
    }

    /** Something that happened to the rollout's cohorts, told in the hour it happened. */
    void event(Instant at, String event) {
        hour(at).events().add(event);
    }

    private HourCounters hour(Instant at) {
        int hour = (int) Duration.between(start, at).toHours();
        return hours.computeIfAbsent(hour, h -> new HourCounters(new TreeMap<>(), new TreeMap<>(), new ArrayList<>()));
    }

    void add(Kind kind, Instant at, String ring, String tenant) {
        HourCounters counters = hour(at);
        counters.byRing().computeIfAbsent(ring, r -> new Counter()).counts[kind.ordinal()]++;
        counters.byTenant().computeIfAbsent(tenant, t -> new Counter()).counts[kind.ordinal()]++;
        total.counts[kind.ordinal()]++;
    }

    RehearsalResult.Counts total() {
        return total.counts();
    }

    List<RehearsalResult.Hour> hours() {
        List<RehearsalResult.Hour> timeline = new ArrayList<>();
        hours.forEach((hour, counters) -> {
            Map<String, RehearsalResult.Counts> byRing = new TreeMap<>();
            counters.byRing().forEach((ring, counter) -> byRing.put(ring, counter.counts()));
            Map<String, RehearsalResult.Counts> byTenant = new TreeMap<>();
            counters.byTenant().forEach((tenant, counter) -> byTenant.put(tenant, counter.counts()));
            timeline.add(new RehearsalResult.Hour(hour, start.plus(Duration.ofHours(hour)), byRing, byTenant,
                    List.copyOf(counters.events())));
        });
        return timeline;
    }
}
