package dev.ringmaster.rollout;

import java.util.UUID;

/**
 * Fired (CDI event, inside the reconciler's pass) when the pass recorded a {@code silent} event for devices of a
 * rollout. Tenants' pilot gates count silence as failure, so the release windows of the product are recomputed
 * after the pass commits: a pilot's silence closes its tenant's pilot gate at once, not at the next refresh.
 */
public record SilenceRecorded(UUID rolloutId, UUID releaseId, UUID productId) {
}
