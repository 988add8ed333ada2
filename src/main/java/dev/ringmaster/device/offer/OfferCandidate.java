package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored release window of a device, with the state of everything the offer rules look at: the rollout,
 * the device's ring in it, the tenant's pause for the product, and the device's own action for the release.
 *
 * @param windowEnd   null: the window never closes
 * @param rolloutRunning the rollout is running, or completed (a device that was away still gets a completed
 *                       release); not scheduled, paused, on hold, halted or aborted
 * @param ringOpen    the device's ring of that rollout has opened (open, or passed: a device that missed its
 *                    ring's soak still gets the release)
 * @param proven      the rollout has passed its first customer ring (not counted by the blast-radius cap)
 * @param rollback    a vendor rollback release, the one kind that may move a device to a lower version
 * @param action      what the device did with this release so far, {@link ActionState#NONE} if never offered
 * @param hold        why the stored window has none when the plan held it back for a tenant rule the device is
 *                    told about (pilot gate, approval); null otherwise
 */
public record OfferCandidate(UUID releaseId, UUID rolloutId, String productKey, SemanticVersion version,
                             int ringPosition, Instant windowStart, Instant windowEnd,
                             boolean rolloutRunning, boolean ringOpen, boolean proven, boolean rollback,
                             boolean tenantPaused, ActionState action, WaitReason hold) {

    /** How far the device got with a release it was offered. */
    public enum ActionState {
        NONE, IN_PROGRESS, FINISHED
    }

    public OfferCandidate {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(action, "action");
    }

    /** A candidate whose window is not held by a tenant rule. */
    public OfferCandidate(UUID releaseId, UUID rolloutId, String productKey, SemanticVersion version,
                          int ringPosition, Instant windowStart, Instant windowEnd,
                          boolean rolloutRunning, boolean ringOpen, boolean proven, boolean rollback,
                          boolean tenantPaused, ActionState action) {
        this(releaseId, rolloutId, productKey, version, ringPosition, windowStart, windowEnd, rolloutRunning, ringOpen,
                proven, rollback, tenantPaused, action, null);
    }
}
