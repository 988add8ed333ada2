package dev.ringmaster.device.ddi;

import dev.ringmaster.device.feedback.EventKind;

import java.util.Optional;

/**
 * hawkBit's action feedback ({@code status.execution} and {@code status.result.finished}) in Ringmaster's
 * event kinds, as hawkBit's DDI defines it: only {@code closed} ends an action (with {@code finished} saying
 * how); {@code rejected} is a warning and the action stays open; {@code proceeding} is progress whatever its
 * {@code finished} says. Every message maps to a kind, so each is kept in the device's history.
 *
 * <p>Feedback on a cancellation ({@code cancelAction/{id}/feedback}) follows its own rules: {@code closed}
 * with success confirms the cancellation and ends the action; {@code rejected}, or {@code closed} with
 * failure, means the device goes on installing (a warning, the action stays open); anything else says the
 * device is still at it.
 */
public final class DdiFeedbackMapping {

    private DdiFeedbackMapping() {
    }

    public enum Execution {
        CLOSED, PROCEEDING, CANCELED, SCHEDULED, REJECTED, RESUMED, DOWNLOAD, DOWNLOADED;

        static Optional<Execution> of(String value) {
            for (Execution execution : values()) {
                if (execution.name().equalsIgnoreCase(value)) {
                    return Optional.of(execution);
                }
            }
            return Optional.empty();
        }
    }

    public enum Finished {
        SUCCESS, FAILURE, NONE;

        static Optional<Finished> of(String value) {
            for (Finished finished : values()) {
                if (finished.name().equalsIgnoreCase(value)) {
                    return Optional.of(finished);
                }
            }
            return Optional.empty();
        }
    }

    /** The event a message becomes; {@code note}: what the history says when the device sent no details. */
    public record Mapped(EventKind kind, String note) {
    }

    /** Feedback on a deployment ({@code deploymentBase/{id}/feedback}). */
    public static Mapped deployment(Execution execution, Finished finished) {
        return switch (execution) {
            case CLOSED -> finished == Finished.FAILURE
                    ? new Mapped(EventKind.FAILED, "closed with failure")
                    : new Mapped(EventKind.SUCCEEDED, "closed with success");
            case PROCEEDING -> new Mapped(EventKind.INSTALLING, "proceeding");
            case DOWNLOAD -> new Mapped(EventKind.DOWNLOADING, "download started");
            case DOWNLOADED -> new Mapped(EventKind.DOWNLOADED, "download finished");
            case CANCELED -> new Mapped(EventKind.CANCELLED, "cancelled by the device");
            case REJECTED -> new Mapped(EventKind.REJECTED, "the device rejected the update");
            case SCHEDULED -> new Mapped(EventKind.NOTE, "scheduled");
            case RESUMED -> new Mapped(EventKind.NOTE, "resumed");
        };
    }

    /** Feedback on a cancellation ({@code cancelAction/{id}/feedback}). */
    public static Mapped cancellation(Execution execution, Finished finished) {
        return switch (execution) {
            case CLOSED -> finished == Finished.FAILURE
                    ? new Mapped(EventKind.REJECTED, "the device could not cancel; the install goes on")
                    : new Mapped(EventKind.CANCELLED, "cancellation confirmed");
            case REJECTED -> new Mapped(EventKind.REJECTED, "the device rejected the cancellation; the install goes on");
            // hawkBit does not take "canceled" on a cancellation as its confirmation: only "closed" confirms.
            case CANCELED -> new Mapped(EventKind.NOTE, "cancellation reported as canceled; only closed confirms it");
            case PROCEEDING, SCHEDULED, RESUMED, DOWNLOAD, DOWNLOADED -> new Mapped(EventKind.NOTE, "cancellation " + execution.name().toLowerCase());
        };
    }
}
