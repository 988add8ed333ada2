package dev.ringmaster.rollout;

import java.util.UUID;

/**
 * Fired (CDI event, inside the transaction that stored the change) whenever a rollout's state or one of its
 * rings changed: started, ring opened / passed / halted / on hold, paused, resumed, aborted, completed. The
 * release windows of the release are recomputed from it, and device decision caches are invalidated by it.
 */
public record RolloutChanged(UUID rolloutId, UUID releaseId, UUID productId) {
}
