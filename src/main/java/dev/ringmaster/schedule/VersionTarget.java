package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which release of a product a tenant's devices should be on, given the tenant's mode (DESIGN.md, "The merge",
 * point 3, and "a halted or withdrawn release is never a target"). Pure: the same releases, policy and instant always
 * give the same answer.
 *
 * <p>Rules for the tenant ({@link #target}; for one device see {@link #forDevice}):
 * <ul>
 *   <li>Only releases published at or before {@code now} count; the caller leaves out withdrawn ones. "Newest" means
 *       highest semantic version, not latest publication, so a re-published old version never counts as newer.</li>
 *   <li>A halted release (halted, withdrawn or rolled back) is never a target in any mode, and a rollback release is
 *       never a tenant's target: it is only for the devices that ran what it rolls back ({@link #rollback}).</li>
 *   <li>automatic and approval: the newest release that is not halted (pre-releases included: they go through the
 *       rings like any other release, which is the safety net).</li>
 *   <li>n-1 / n-2: among releases never halted, take the newest that has completed all rings, then step back one or
 *       two places in version order. No completed release, or fewer older releases than the step, gives nothing:
 *       the devices stay where they are.</li>
 *   <li>pinned: exactly the pinned version while the pin holds (until {@code pinExpiresAt}; forever without one),
 *       and nothing when that version is not a release that may be targeted (the devices stay put). From the
 *       expiry on, as automatic.</li>
 * </ul>
 */
public final class VersionTarget {

    private static final Comparator<ReleaseFacts> BY_VERSION = Comparator
            .comparing(ReleaseFacts::semanticVersion)
            // Versions differing only in build metadata rank equal; the string keeps the order total.
            .thenComparing(ReleaseFacts::version);

    private VersionTarget() {
    }

    public static Optional<String> target(TenantPolicy policy, List<ReleaseFacts> releases, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(now, "now");
        List<ReleaseFacts> targets = published(releases, now).stream()
                .filter(release -> !release.halted() && !release.rollback())
                .toList();
        return switch (policy.mode()) {
            case AUTOMATIC, APPROVAL -> newest(targets);
            case N_MINUS_1 -> behindNewestCompleted(targets, 1);
            case N_MINUS_2 -> behindNewestCompleted(targets, 2);
            case PINNED -> pinHolds(policy, now) ? pinned(policy.pinnedVersion(), targets) : newest(targets);
        };
    }

    /**
     * Which release one device is planned for: the rollback release when {@link #rollback} gives one; otherwise a
     * halted release the device still has an open action for, so that the device is told to stop it (its rollout
     * stopped, so it is never offered); otherwise its tenant's target.
     *
     * @param haltedSeen versions of the product's halted releases the device runs or was offered
     * @param openHalted the halted release the device has an open action for, if any
     */
    public static Optional<String> forDevice(Optional<String> tenantTarget, Set<String> haltedSeen,
            Optional<String> openHalted, List<ReleaseFacts> releases, Instant now) {
        Optional<String> rollback = rollback(tenantTarget, haltedSeen, releases, now);
        if (rollback.isPresent()) {
            return rollback;
        }
        return openHalted.isPresent() ? openHalted : tenantTarget;
    }

    /**
     * The rollback release one device is sent to instead of its tenant's target, if any (DESIGN.md: "after a rollback,
     * every device that runs the halted version, or had an open action for it, is targeted with the rollback
     * release"). A device that never touched a rolled-back version gets none: the rollback does not move it. Once
     * the tenant's target is newer than the rolled-back version, that target is the way forward for these devices
     * too, and the rollback no longer applies. Of several applicable rollback releases, the newest that is not itself
     * halted.
     *
     * @param tenantTarget what {@link #target} answers for the device's tenant
     * @param haltedSeen   versions of the product's halted releases the device runs or was offered
     */
    public static Optional<String> rollback(Optional<String> tenantTarget, Set<String> haltedSeen,
            List<ReleaseFacts> releases, Instant now) {
        Objects.requireNonNull(tenantTarget, "tenantTarget");
        Objects.requireNonNull(haltedSeen, "haltedSeen");
        if (haltedSeen.isEmpty()) {
            return Optional.empty();
        }
        Optional<SemanticVersion> target = tenantTarget.map(SemanticVersion::parse);
        return published(releases, now).stream()
                .filter(release -> release.rollback() && !release.halted() && haltedSeen.contains(release.rollbackOf()))
                .filter(release -> target.isEmpty() || target.get().compareTo(SemanticVersion.parse(release.rollbackOf())) <= 0)
                .reduce((older, newer) -> newer)
                .map(ReleaseFacts::version);
    }

    private static List<ReleaseFacts> published(List<ReleaseFacts> releases, Instant now) {
        return releases.stream()
                .filter(release -> release.publishedAt() != null && !release.publishedAt().isAfter(now))
                .sorted(BY_VERSION)
                .toList();
    }

    private static boolean pinHolds(TenantPolicy policy, Instant now) {
        return policy.pinExpiresAt() == null || now.isBefore(policy.pinExpiresAt());
    }

    private static Optional<String> pinned(String version, List<ReleaseFacts> targets) {
        return targets.stream().map(ReleaseFacts::version).filter(candidate -> candidate.equals(version)).findFirst();
    }

    private static Optional<String> newest(List<ReleaseFacts> ascending) {
        return ascending.isEmpty() ? Optional.empty() : Optional.of(ascending.getLast().version());
    }

    private static Optional<String> behindNewestCompleted(List<ReleaseFacts> ascending, int behind) {
        for (int i = ascending.size() - 1; i >= 0; i--) {
            if (ascending.get(i).completedAllRings()) {
                return i >= behind ? Optional.of(ascending.get(i - behind).version()) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
