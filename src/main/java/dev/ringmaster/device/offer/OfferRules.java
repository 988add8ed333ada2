package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules that decide at check-in whether a device gets a release now (DESIGN "Offered at check-in only
 * if"): now is inside the device's stored window, the rollout runs and the device's ring is open, the tenant
 * has not paused the product, the tenant's concurrency budget and the vendor's blast-radius budget have room,
 * and the device runs the product but not that release or a newer one (lower only for a rollback release).
 *
 * <p>A device that was offered a release and has not finished it is offered the same release again without
 * spending budget, so a retrying device never counts twice. Windows are only read here, never computed.
 *
 * @param recheck when to come back if nothing says when (a rollout not running, a ring not open, a budget
 *                full): the rollout engine and the windows move without telling the device
 */
public record OfferRules(Duration recheck) {

    public OfferRules {
        Objects.requireNonNull(recheck, "recheck");
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be positive");
        }
    }

    /** Newest version first within a product, then by product, so the answer never depends on row order. */
    private static final Comparator<OfferCandidate> PREFERENCE = Comparator.comparing(OfferCandidate::productKey)
            .thenComparing(OfferCandidate::version, Comparator.reverseOrder());

    /**
     * @param installed product key to the version the device runs; a product it does not report is one it
     *                  does not run, and is never offered (a device asks for a first install by reporting 0.0.0)
     */
    public OfferDecision decide(List<OfferCandidate> candidates, Map<String, SemanticVersion> installed,
                                Budgets budgets, Instant now) {
        Objects.requireNonNull(now, "now");
        Instant retryAt = now.plus(recheck);
        WaitReason reason = WaitReason.UP_TO_DATE;
        for (OfferCandidate candidate : candidates.stream().sorted(PREFERENCE).toList()) {
            if (!wanted(candidate, installed.get(candidate.productKey()))) {
                continue;
            }
            WaitReason blocked = blocker(candidate, budgets, now);
            if (blocked == null) {
                return new OfferDecision.Offer(candidate, candidate.action() == OfferCandidate.ActionState.IN_PROGRESS);
            }
            if (blocked == WaitReason.BEFORE_WINDOW && candidate.windowStart().isBefore(retryAt)) {
                retryAt = candidate.windowStart();
            }
            if (blocked.ordinal() < reason.ordinal()) {
                reason = blocked;
            }
        }
        return new OfferDecision.Wait(retryAt, reason);
    }

    /** Whether the device should move to this release at all, budgets and windows aside. */
    private static boolean wanted(OfferCandidate candidate, SemanticVersion installed) {
        if (candidate.action() == OfferCandidate.ActionState.FINISHED) {
            return false;
        }
        if (installed == null) {
            // Windows are planned for every device of the tenant, but a release is only for devices that run
            // its product: pushing a product to a device that never said it runs it could break the device.
            return false;
        }
        int order = candidate.version().compareTo(installed);
        return order > 0 || (candidate.rollback() && order < 0);
    }

    /** The first rule that keeps the release from the device now, or null if none does. */
    private static WaitReason blocker(OfferCandidate candidate, Budgets budgets, Instant now) {
        if (!candidate.rolloutRunning()) {
            // A quarantined cohort's rollout runs on for everyone else; the device is told why it is left out.
            return candidate.hold() == WaitReason.COHORT_QUARANTINED ? WaitReason.COHORT_QUARANTINED
                    : WaitReason.ROLLOUT_NOT_RUNNING;
        }
        if (!candidate.ringOpen()) {
            return WaitReason.RING_NOT_OPEN;
        }
        if (candidate.tenantPaused()) {
            return WaitReason.PAUSED;
        }
        if (candidate.windowStart() == null) {
            // Held by a tenant rule the plan names (pilot gate, approval), or not known yet (forecast or never
            // computed): a device never guesses a window.
            return candidate.hold() != null ? candidate.hold() : WaitReason.RING_NOT_OPEN;
        }
        if (now.isBefore(candidate.windowStart())) {
            return WaitReason.BEFORE_WINDOW;
        }
        if (candidate.windowEnd() != null && !now.isBefore(candidate.windowEnd())) {
            return WaitReason.WINDOW_PASSED;
        }
        if (candidate.action() == OfferCandidate.ActionState.IN_PROGRESS) {
            return null;
        }
        if (budgets.concurrency(candidate.productKey()) <= 0) {
            return WaitReason.CONCURRENCY_CAP;
        }
        if (!candidate.proven() && budgets.blastRadius() <= 0) {
            return WaitReason.BLAST_RADIUS_CAP;
        }
        return null;
    }
}
