package dev.ringmaster.schedule.fleet;

import dev.ringmaster.schedule.ReleaseFacts;

import java.util.Objects;
import java.util.UUID;

/**
 * A release of the product that devices can be sent to: published, not withdrawn, with a rollout that was not
 * aborted. {@code rollout} is that rollout (the newest one when a release was rolled out more than once).
 */
public record ReleaseCandidate(UUID releaseId, ReleaseFacts facts, RolloutFacts rollout) {

    public ReleaseCandidate {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(rollout, "rollout");
    }
}
