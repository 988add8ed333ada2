package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which release of a product a tenant's devices should be on, given the tenant's mode (DESIGN.md, "The merge",
 * point 3). Pure: the same releases, policy and instant always give the same answer.
 *
 * <p>Rules:
 * <ul>
 *   <li>Only releases published at or before {@code now} count; the caller leaves out withdrawn ones.
 *       "Newest" means highest semantic version, not latest publication, so a re-published old version never
 *       counts as newer.</li>
 *   <li>automatic and approval: the newest published release (pre-releases included: they go through the rings
 *       like any other release, which is the safety net).</li>
 *   <li>n-1 / n-2: take the newest release that has completed all rings, then step back one or two places in
 *       the version order of all published releases. No completed release, or fewer older releases than the
 *       step, gives nothing: the devices stay where they are.</li>
 *   <li>pinned: the pinned version until {@code pinExpiresAt} (a pin without expiry holds forever; a pinned policy
 *       naming no version gives nothing, i.e. stay put); from the expiry on, as automatic.</li>
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
        List<ReleaseFacts> published = releases.stream()
                .filter(release -> release.publishedAt() != null && !release.publishedAt().isAfter(now))
                .sorted(BY_VERSION)
                .toList();
        return switch (policy.mode()) {
            case AUTOMATIC, APPROVAL -> newest(published);
            case N_MINUS_1 -> behindNewestCompleted(published, 1);
            case N_MINUS_2 -> behindNewestCompleted(published, 2);
            case PINNED -> pinHolds(policy, now) ? Optional.ofNullable(policy.pinnedVersion()) : newest(published);
        };
    }

    private static boolean pinHolds(TenantPolicy policy, Instant now) {
        return policy.pinExpiresAt() == null || now.isBefore(policy.pinExpiresAt());
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
