package dev.ringmaster.rehearsal;

import java.time.Instant;
import java.util.UUID;

/**
 * A background rehearsal as the API answers it.
 *
 * @param state    queued, running, done or failed
 * @param progress how far virtual time got: from {@code start} to {@code reached}, of the horizon's {@code until}
 * @param failure  why it failed (an error of the service, not a verdict on the release); null otherwise
 * @param result   the result once done; null before
 */
public record RehearsalRunView(UUID id, String state, String requestedBy, Instant requestedAt, Instant finishedAt,
                               Progress progress, String failure, RehearsalResult result) {

    /** @param percent of the horizon played; 100 once done, also when the rollout ended before the horizon */
    public record Progress(Instant start, Instant reached, Instant until, int devices, int percent) {
    }

    public boolean done() {
        return result != null;
    }
}
