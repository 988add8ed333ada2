package dev.ringmaster.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's figures: every measured run, and per scenario the medians over its repetitions, each
 * throughput also as a share of the floor ({@code /q/health/live}) measured in the same repetition. On a busy
 * two-core machine the floor alone moves by a third within minutes; neighbouring runs compared give steadier
 * ratios than absolute rates.
 */
final class BenchReport {

    /** One measured run. CPU in microseconds of the server's processes per request; RSS of the JVM after the run. */
    record Run(String scenario, int repetition, Wrk.Outcome outcome, double floorPerSecond, double jvmMicros,
               double postgresMicros, double rssMiB, String load) {

        double share() {
            return outcome.perSecond() / floorPerSecond;
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Run run) {
        runs.add(run);
    }

    void note(String line) {
        notes.add(line);
    }

    static String line(Run run) {
        Wrk.Outcome o = run.outcome();
        return String.format("%-26s rep %d %9.0f req/s  %5.1f %% of floor  p50 %7.2f ms  p99 %7.2f ms  JVM %6.1f µs/req  PG %6.1f µs/req"
                        + "  RSS %5.0f MiB  statuses %s%s%s  load %s", run.scenario(), run.repetition(), o.perSecond(), run.share() * 100,
                o.p50Millis(), o.p99Millis(), run.jvmMicros(), run.postgresMicros(), run.rssMiB(), o.statuses(),
                o.decisions().isEmpty() ? "" : "  decisions " + o.decisions(), o.socketErrors() == 0 ? "" : "  socket errors " + o.socketErrors(),
                run.load());
    }

    /** The summary as a Markdown table, then every run. */
    String markdown() {
        Map<String, List<Run>> byScenario = new LinkedHashMap<>();
        for (Run run : runs) {
            byScenario.computeIfAbsent(run.scenario(), name -> new ArrayList<>()).add(run);
        }
        StringBuilder text = new StringBuilder();
        notes.forEach(note -> text.append(note).append("\n"));
        text.append("\n| scenario | req/s per repetition | median req/s | share of floor per repetition → median | median p50 | median p99 "
                + "| JVM CPU/req | PostgreSQL CPU/req | RSS (max) | statuses (all repetitions) |\n|---|---|---|---|---|---|---|---|---|---|\n");
        byScenario.forEach((scenario, list) -> {
            Map<String, Long> statuses = new java.util.TreeMap<>();
            list.forEach(run -> run.outcome().statuses().forEach((status, count) -> statuses.merge(status, count, Long::sum)));
            list.forEach(run -> run.outcome().decisions().forEach((decision, count) -> statuses.merge(decision, count, Long::sum)));
            boolean floor = scenario.startsWith("floor");
            text.append(String.format("| %s | %s | %.0f | %s | %.2f ms | %.2f ms | %.1f µs | %.1f µs | %.0f MiB | %s |%n", scenario,
                    String.join(", ", list.stream().map(run -> String.format("%.0f", run.outcome().perSecond())).toList()),
                    median(list, run -> run.outcome().perSecond()),
                    floor ? "—" : String.join(", ", list.stream().map(run -> String.format("%.0f %%", run.share() * 100)).toList())
                            + String.format(" → **%.0f %%**", median(list, Run::share) * 100),
                    median(list, run -> run.outcome().p50Millis()), median(list, run -> run.outcome().p99Millis()),
                    median(list, Run::jvmMicros), median(list, Run::postgresMicros),
                    list.stream().mapToDouble(Run::rssMiB).max().orElse(Double.NaN), statuses));
        });
        text.append("\nEvery run:\n\n```\n");
        runs.forEach(run -> text.append(line(run)).append("\n"));
        text.append("```\n");
        return text.toString();
    }

    static double median(List<Run> list, ToDoubleFunction<Run> value) {
        double[] sorted = list.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
