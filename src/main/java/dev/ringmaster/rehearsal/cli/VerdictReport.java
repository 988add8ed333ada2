package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.web.Formats;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A finished run for a terminal: the verdict in words, then the ring transitions with the gate's numbers, each ring's
 * end, and who still waits and why.
 */
final class VerdictReport {

    /** Tenants listed under "waiting"; the rest are counted. */
    private static final int TENANTS_SHOWN = 10;

    private VerdictReport() {
    }

    static void print(JsonNode run, PrintStream out) {
        JsonNode result = run.path("result");
        JsonNode summary = result.path("summary");
        Instant start = Instant.parse(summary.path("start").asText());
        out.printf("Rehearsal %s: %s %s on plan %s, seed %d, %s in %s, from %s%n", run.path("id").asText(),
                summary.path("product").asText(), summary.path("version").asText(), summary.path("plan").asText(),
                summary.path("seed").asLong(), Words.plural(summary.path("devices").asLong(), "device"),
                Words.plural(summary.path("tenants").asLong(), "tenant"), Words.instant(summary.path("start")));
        out.println("Verdict: " + verdict(summary, result.path("transitions")));
        JsonNode blast = summary.path("blastRadius");
        out.printf("Blast radius: %s in %s outside ring 0; bricked %d; holds %d%n",
                Words.plural(blast.path("devices").asLong(), "device"), Words.plural(blast.path("tenants").asLong(), "tenant"),
                summary.path("bricked").asLong(), summary.path("holds").asLong());
        JsonNode total = summary.path("total");
        out.printf("Offered %d, succeeded %d, failed %d, silent %d; time to halt %s, time to complete %s%n",
                total.path("offered").asLong(), total.path("succeeded").asLong(), total.path("failed").asLong(),
                total.path("silent").asLong(), Words.duration(summary.path("timeToHalt")),
                Words.duration(summary.path("timeToComplete")));

        out.println();
        out.println("Transitions (ring health at the step)");
        TextTable transitions = new TextTable("after", "at", "ring", "event", "offered", "ok", "failed", "silent",
                "stuck", "reverted", "reason");
        for (JsonNode change : result.path("transitions")) {
            JsonNode health = change.path("health");
            transitions.row(Words.duration(change.path("sinceStart")), Words.instant(change.path("at")),
                    change.path("ringName").asText("-"), change.path("cause").asText(), count(health, "offered"),
                    count(health, "succeeded"), count(health, "failed"), count(health, "silent"), count(health, "stuck"),
                    count(health, "reverted"), change.path("reason").asText("-"));
        }
        transitions.print(out);

        out.println();
        TextTable rings = new TextTable("ring", "name", "state", "devices", "opened after", "passed after");
        for (JsonNode ring : result.path("rings")) {
            rings.row(ring.path("position").asInt(), ring.path("name").asText(), ring.path("state").asText(),
                    ring.path("devices").asInt(), since(start, ring.path("openedAt")), since(start, ring.path("passedAt")));
        }
        rings.print(out);
        waiting(result.path("waiting"), out);
    }

    private static String verdict(JsonNode summary, JsonNode transitions) {
        String state = summary.path("state").asText();
        return switch (state) {
            case "completed" -> "COMPLETED: every ring passed after " + Words.duration(summary.path("timeToComplete"))
                    + " (" + Words.instant(summary.path("completedAt")) + ")";
            case "halted" -> "HALTED after " + Words.duration(summary.path("timeToHalt")) + " ("
                    + Words.instant(summary.path("haltedAt")) + ") in ring " + last(transitions, "halt").path("ringName").asText("?")
                    + ": " + summary.path("haltReason").asText();
            case "on_hold" -> "ON HOLD when the horizon ended (" + Words.instant(summary.path("end")) + ") in ring "
                    + last(transitions, "hold").path("ringName").asText("?") + ": " + last(transitions, "hold").path("reason").asText();
            default -> "still " + state + " when the horizon ended (" + Words.instant(summary.path("end"))
                    + "); the last ring opened is " + last(transitions, "ring-opened").path("ringName").asText("none");
        };
    }

    private static JsonNode last(JsonNode transitions, String cause) {
        JsonNode found = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (JsonNode change : transitions) {
            if (cause.equals(change.path("cause").asText())) {
                found = change;
            }
        }
        return found;
    }

    private static String count(JsonNode health, String field) {
        return health.isObject() ? health.path(field).asText() : "-";
    }

    private static String since(Instant start, JsonNode at) {
        return at.isNull() || at.isMissingNode() ? "-" : Formats.human(Duration.between(start, Instant.parse(at.asText())));
    }

    /** "acme: 12 before-window, 3 pilot-gate", the tenants with most waiting first. */
    private static void waiting(JsonNode waiting, PrintStream out) {
        List<Map.Entry<String, JsonNode>> tenants = new ArrayList<>();
        waiting.fields().forEachRemaining(tenants::add);
        if (tenants.isEmpty()) {
            return;
        }
        tenants.sort((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())));
        out.println();
        out.println("Waiting at the end, by tenant and the reason they were last told");
        for (Map.Entry<String, JsonNode> tenant : tenants.subList(0, Math.min(TENANTS_SHOWN, tenants.size()))) {
            List<String> reasons = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = tenant.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> reason = it.next();
                reasons.add(reason.getValue().asLong() + " " + reason.getKey());
            }
            out.println("  " + tenant.getKey() + ": " + String.join(", ", reasons));
        }
        if (tenants.size() > TENANTS_SHOWN) {
            out.println("  and " + Words.plural(tenants.size() - TENANTS_SHOWN, "more tenant"));
        }
    }

    private static long total(JsonNode reasons) {
        long sum = 0;
        for (JsonNode count : reasons) {
            sum += count.asLong();
        }
        return sum;
    }
}
