package dev.ringmaster.rollout.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the rings opened so far have shown the release on every cohort the later rings hold (DESIGN.md, "Cohorts":
 * a canary that happened not to cover one model proves nothing about it). Pure.
 */
public final class Coverage {

    /** One cohort of later rings and the finished devices it has in the rings opened so far. */
    public record Row(Cohort cohort, int finished, boolean covered) {
    }

    private Coverage() {
    }

    /**
     * The coverage table: each cohort present in later rings, in cohort order, covered when it has at least {@code k}
     * finished devices in the rings opened so far.
     */
    public static List<Row> table(Set<Cohort> laterCohorts, Map<Cohort, Integer> finishedSoFar, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative, was " + k);
        }
        List<Row> rows = new ArrayList<>();
        for (Cohort cohort : new TreeSet<>(laterCohorts)) {
            int finished = finishedSoFar.getOrDefault(cohort, 0);
            rows.add(new Row(cohort, finished, finished >= k));
        }
        return List.copyOf(rows);
    }

    public static List<Row> uncovered(List<Row> table) {
        return table.stream().filter(row -> !row.covered()).toList();
    }

    /** The uncovered rows that keep the ring from passing: those a vendor user did not accept ({@code accepted} labels). */
    public static List<Row> blocking(List<Row> table, Set<String> accepted) {
        return uncovered(table).stream().filter(row -> !accepted.contains(row.cohort().label())).toList();
    }

    /** The gate's reason for the uncovered cohorts, each with its count. */
    public static String reason(List<Row> uncovered, int k) {
        List<String> named = uncovered.stream().map(row -> row.cohort().label() + " (" + row.finished() + ")").toList();
        return "cohorts of later rings with fewer than " + k + " finished devices so far: " + String.join("; ", named)
                + "; the ring passes once they are covered or a vendor user accepts them at promote time";
    }
}
