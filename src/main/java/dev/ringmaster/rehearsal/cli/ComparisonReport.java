package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Two finished rehearsals side by side for a terminal: their verdicts, then ring by ring what each did and when. */
final class ComparisonReport {

    private ComparisonReport() {
    }

    static void print(JsonNode comparison, PrintStream out) {
        JsonNode a = comparison.path("a");
        JsonNode b = comparison.path("b");
        TextTable summary = new TextTable("", "A " + a.path("id").asText(), "B " + b.path("id").asText());
        row(summary, "plan", a, b, s -> s.path("plan").asText());
        row(summary, "version", a, b, s -> s.path("version").asText());
        row(summary, "devices, seed", a, b, s -> s.path("devices").asText() + ", seed " + s.path("seed").asText());
        row(summary, "end state", a, b, s -> s.path("state").asText());
        row(summary, "time to halt", a, b, s -> Words.duration(s.path("timeToHalt")));
        row(summary, "time to complete", a, b, s -> Words.duration(s.path("timeToComplete")));
        row(summary, "blast radius", a, b, s -> Words.plural(s.path("blastRadius").path("devices").asLong(), "device")
                + " in " + Words.plural(s.path("blastRadius").path("tenants").asLong(), "tenant"));
        row(summary, "bricked", a, b, s -> s.path("bricked").asText());
        row(summary, "holds", a, b, s -> s.path("holds").asText());
        row(summary, "offered/ok/failed/silent", a, b, s -> {
            JsonNode total = s.path("total");
            return total.path("offered").asText() + "/" + total.path("succeeded").asText() + "/"
                    + total.path("failed").asText() + "/" + total.path("silent").asText();
        });
        summary.print(out);

        out.println();
        TextTable rings = new TextTable("ring", "A", "B");
        for (JsonNode row : comparison.path("rings")) {
            rings.row(row.path("position").asInt(), ring(row.path("a")), ring(row.path("b")));
        }
        rings.print(out);
    }

    private static void row(TextTable table, String label, JsonNode a, JsonNode b, Function<JsonNode, String> value) {
        table.row(label, value.apply(a.path("summary")), value.apply(b.path("summary")));
    }

    /** "canary (halted, 36 devices): ring-opened after 0 minutes, halt after 1 hour 15 minutes"; "-" where no ring. */
    private static String ring(JsonNode ring) {
        if (ring.isNull() || ring.isMissingNode()) {
            return "-";
        }
        List<String> steps = new ArrayList<>();
        for (JsonNode step : ring.path("transitions")) {
            steps.add(step.path("cause").asText() + " after " + Words.duration(step.path("sinceStart")));
        }
        return ring.path("name").asText() + " (" + ring.path("state").asText() + ", "
                + Words.plural(ring.path("devices").asLong(), "device") + ")"
                + (steps.isEmpty() ? "" : ": " + String.join(", ", steps));
    }
}
