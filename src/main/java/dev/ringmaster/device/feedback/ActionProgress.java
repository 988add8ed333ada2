package dev.ringmaster.device.feedback;

/**
 * Whether a device's report may move its action on: an install goes forward only (offered, downloading,
 * downloaded, installing, then one final result). The same step may repeat (progress 40 %, then 80 %);
 * a step backwards, or anything after the final result, is out of order and refused, so a replayed or
 * reordered report can never turn a failure into a success or count a device twice. Warnings and notes
 * ({@link EventKind#movesAction()} false) are taken at any point until the final result.
 */
public final class ActionProgress {

    private ActionProgress() {
    }

    public enum Verdict {
        ACCEPT, OUT_OF_ORDER, ALREADY_FINISHED, NOT_REPORTABLE
    }

    public static Verdict check(EventKind current, EventKind reported) {
        if (!reported.reportableByDevice()) {
            return Verdict.NOT_REPORTABLE;
        }
        if (current.terminal()) {
            return Verdict.ALREADY_FINISHED;
        }
        if (!reported.movesAction()) {
            // A warning or a note is history only: it may come at any point of an open action.
            return Verdict.ACCEPT;
        }
        if (reported.step() < current.step()) {
            return Verdict.OUT_OF_ORDER;
        }
        return Verdict.ACCEPT;
    }
}
