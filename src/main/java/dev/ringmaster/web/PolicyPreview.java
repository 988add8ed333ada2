package dev.ringmaster.web;

import dev.ringmaster.policy.PolicyDocument;

import java.time.LocalDate;
import java.util.List;

/**
 * What-if for the policy editor (DESIGN.md "Preview"): a draft policy of the caller's tenant evaluated before
 * saving. The console depends on this interface only;
 * it is implemented by {@link StoredPolicyPreview} over the schedule package's preview service.
 */
public interface PolicyPreview {

    Result preview(String productKey, PolicyDocument draft);

    /** @param forecast true when the day rests on forecast ring openings rather than known ones */
    record Day(LocalDate day, long devices, boolean forecast) {
    }

    /** A device whose window the draft would move: before and after as readable text. */
    record Move(String deviceId, String before, String after) {
    }

    /** @param release the release the preview is about, e.g. "agent 2.4.1"; null when there is none */
    record Result(String release, List<Day> days, List<Move> moves) {

        public static Result empty() {
            return new Result(null, List.of(), List.of());
        }

        public boolean isEmpty() {
            return days.isEmpty() && moves.isEmpty();
        }
    }
}
