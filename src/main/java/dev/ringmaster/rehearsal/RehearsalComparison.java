package dev.ringmaster.rehearsal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Two finished rehearsals side by side (e.g. two ring plans for the same failure model and seed): both verdicts, and
 * ring by ring what each did and when, so that the faster or the safer plan shows at a glance.
 *
 * @param rings one row per ring position present in either plan
 */
public record RehearsalComparison(Side a, Side b, List<RingRow> rings) {

    public record Side(UUID id, RehearsalResult.Summary summary) {
    }

    /** @param a null when plan A has no ring at this position; likewise {@code b} */
    public record RingRow(int position, RingSide a, RingSide b) {
    }

    /** A ring of one rehearsal: where it ended, and its transitions in order ("ring-opened after PT1H", …). */
    public record RingSide(String name, String state, int devices, List<Step> transitions) {
    }

    /** @param sinceStart ISO duration from the rehearsal's start */
    public record Step(String cause, String sinceStart, String reason) {
    }

    public static RehearsalComparison of(UUID aId, RehearsalResult a, UUID bId, RehearsalResult b) {
        int positions = Math.max(a.rings().size(), b.rings().size());
        List<RingRow> rows = new ArrayList<>();
        for (int position = 0; position < positions; position++) {
            rows.add(new RingRow(position, side(a, position), side(b, position)));
        }
        return new RehearsalComparison(new Side(aId, a.summary()), new Side(bId, b.summary()), rows);
    }

    private static RingSide side(RehearsalResult result, int position) {
        if (position >= result.rings().size()) {
            return null;
        }
        RehearsalResult.RingEnd ring = result.rings().get(position);
        // The rollout's own start and end name no ring of their own; they are in the summary.
        List<Step> steps = result.transitions().stream()
                .filter(change -> change.ring() == position && !change.cause().equals("start")
                        && !change.cause().equals("complete"))
                .map(change -> new Step(change.cause(), change.sinceStart(), change.reason()))
                .toList();
        return new RingSide(ring.name(), ring.state(), ring.devices(), steps);
    }
}
