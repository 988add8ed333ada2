package dev.ringmaster.device.feedback;

import java.util.UUID;

/**
 * What a batch answers one report: its outcome, or the refusal its device gets. {@code pilotProduct} names the
 * product when the report was a pilot's final outcome, found in the batch's transaction, so the tenant's windows
 * are recomputed after the commit without asking the database again whether the device is a pilot.
 */
record RecordedReport(Feedback.Outcome stored, RuntimeException refusal, UUID pilotProduct) {

    static RecordedReport of(Feedback.Outcome outcome) {
        return new RecordedReport(outcome, null, null);
    }

    /** The same outcome, a pilot's of {@code product} (null: not a pilot's). */
    RecordedReport ofPilot(UUID product) {
        return new RecordedReport(stored, refusal, product);
    }

    static RecordedReport refused(RuntimeException refusal) {
        return new RecordedReport(null, refusal, null);
    }

    /** The outcome, or the refusal thrown in the device's own thread. */
    Feedback.Outcome outcome() {
        if (refusal != null) {
            throw refusal;
        }
        return stored;
    }
}
