package dev.ringmaster.device.ddi;

import dev.ringmaster.device.feedback.EventKind;

import java.util.Optional;

/**
 * hawkBit's action feedback ({@code status.execution} and {@code status.result.finished}) in Ringmaster's
 * event kinds. Statuses that say nothing about progress (scheduled, resumed) map to nothing.
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

    public static Optional<EventKind> kind(Execution execution, Finished finished) {
        return switch (execution) {
            case CLOSED -> Optional.of(finished == Finished.FAILURE ? EventKind.FAILED : EventKind.SUCCEEDED);
            case PROCEEDING -> Optional.of(finished == Finished.FAILURE ? EventKind.FAILED : EventKind.INSTALLING);
            case DOWNLOAD -> Optional.of(EventKind.DOWNLOADING);
            case DOWNLOADED -> Optional.of(EventKind.DOWNLOADED);
            case CANCELED, REJECTED -> Optional.of(EventKind.CANCELLED);
            case SCHEDULED, RESUMED -> Optional.empty();
        };
    }
}
