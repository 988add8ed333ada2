package dev.ringmaster.rollout.gate;

import java.util.List;
import java.util.Objects;

/**
 * One cohort of a plan: the device's values of the plan's cohort keys, in the keys' order. A device that does not
 * say a value is in the {@value #UNKNOWN} cohort of that key rather than in no cohort, so that devices which never
 * reported their OS build are judged and covered like any other group, not silently dropped.
 */
public record Cohort(List<String> keys, List<String> values) implements Comparable<Cohort> {

    public static final String UNKNOWN = "unknown";

    public Cohort {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        if (keys.isEmpty() || keys.size() != values.size()) {
            throw new IllegalArgumentException("a cohort needs one value per key, had " + keys + " and " + values);
        }
        keys = List.copyOf(keys);
        values = values.stream().map(value -> value == null || value.isEmpty() ? UNKNOWN : value).toList();
    }

    /** "model=X1, osBuild=21.3": how reasons, the API and the audit log name the cohort. */
    public String label() {
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            label.append(i == 0 ? "" : ", ").append(keys.get(i)).append('=').append(values.get(i));
        }
        return label.toString();
    }

    @Override
    public int compareTo(Cohort other) {
        return label().compareTo(other.label());
    }

    @Override
    public String toString() {
        return label();
    }
}
