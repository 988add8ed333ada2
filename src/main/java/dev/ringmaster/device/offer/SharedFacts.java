package dev.ringmaster.device.offer;

import dev.ringmaster.rollout.gate.Cohort;
import dev.ringmaster.schedule.SemanticVersion;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the decisions of many devices share, as the offer rules read it: each release with its product, each
 * rollout with the state of its rings, each tenant with its pause and concurrency share per product. A device's
 * own rows (its windows, its actions, its installed versions) are joined to these to make its
 * {@link OfferCandidate}s. Plain values, so the joining rules below are tested without a database.
 */
public final class SharedFacts {

    private SharedFacts() {
    }

    /** A release as stored: {@code state} is the release's own state (published, rolling_out, halted...). */
    public record ReleaseFact(UUID id, String productKey, UUID productId, SemanticVersion version, boolean rollback, String state) {
    }

    /**
     * A rollout and the state of each of its rings, by position; with its plan's cohort keys and the labels of its
     * standing cohort quarantines (DESIGN.md, "Cohorts"), both empty for a plan without cohorts.
     */
    public record RolloutFact(UUID id, String state, Map<Integer, String> rings, List<String> cohortKeys,
                              Set<String> quarantined) {

        public RolloutFact {
            rings = Map.copyOf(rings);
            cohortKeys = List.copyOf(cohortKeys);
            quarantined = Set.copyOf(quarantined);
        }

        public RolloutFact(UUID id, String state, Map<Integer, String> rings) {
            this(id, state, rings, List.of(), Set.of());
        }

        /** Whether a device with these attributes is in a quarantined cohort of this rollout. */
        public boolean quarantines(Map<String, String> attributes) {
            return !quarantined.isEmpty()
                    && quarantined.contains(new Cohort(cohortKeys, cohortKeys.stream().map(attributes::get).toList()).label());
        }

        /**
         * Past its first customer ring, so offers no longer count against the vendor's blast-radius cap: ring 1
         * has passed, or, in a rollout with only the canary ring, every ring passed.
         */
        public boolean proven() {
            if (rings.isEmpty()) {
                return false;
            }
            int last = rings.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            return last == 0 ? rings.values().stream().allMatch("passed"::equals) : "passed".equals(rings.get(1));
        }

        /** The ring has opened; a passed ring stays open for a device that missed its soak. */
        public boolean ringOpen(int position) {
            String ring = rings.get(position);
            return "open".equals(ring) || "passed".equals(ring);
        }
    }

    /** A tenant's status and its policy per product id (a product without a policy is neither paused nor capped). */
    public record TenantFact(boolean active, Map<UUID, PolicyFact> policies) {

        public TenantFact {
            policies = Map.copyOf(policies);
        }
    }

    public record PolicyFact(boolean paused, double maxConcurrentShare) {
    }

    /**
     * A device's own stored window, with its action for the window's release if it has one.
     *
     * @param hold     why the plan gave no window, when a device is told that (see {@link WaitReason#ofHold})
     * @param forecast the window was planned on a forecast of its ring's opening, not on the opening itself
     * @param cohort   the device's well-known attributes, which place it in a rollout's cohort
     */
    public record DeviceWindow(UUID releaseId, UUID rolloutId, int ringPosition, Instant windowStart, Instant windowEnd,
                               Long actionId, Boolean actionOpen, WaitReason hold, boolean forecast,
                               Map<String, String> cohort) {

        public DeviceWindow {
            cohort = cohort == null ? Map.of() : cohort;
        }

        public DeviceWindow(UUID releaseId, UUID rolloutId, int ringPosition, Instant windowStart, Instant windowEnd,
                            Long actionId, Boolean actionOpen, WaitReason hold, boolean forecast) {
            this(releaseId, rolloutId, ringPosition, windowStart, windowEnd, actionId, actionOpen, hold, forecast, Map.of());
        }

        public DeviceWindow(UUID releaseId, UUID rolloutId, int ringPosition, Instant windowStart, Instant windowEnd,
                            Long actionId, Boolean actionOpen) {
            this(releaseId, rolloutId, ringPosition, windowStart, windowEnd, actionId, actionOpen, null, false);
        }
    }

    /**
     * Whether a release's rollout has stopped for good (halted, an emergency stop included, or aborted), or the
     * release itself was halted or withdrawn: its open actions are then cancelled (DESIGN "Device protocols").
     * {@code rolloutState} is null for a release offered outside any rollout.
     */
    public static boolean stopped(String rolloutState, String releaseState) {
        return "halted".equals(rolloutState) || "aborted".equals(rolloutState)
                || "halted".equals(releaseState) || "withdrawn".equals(releaseState);
    }

    /**
     * One window joined to the shared facts; {@code rollout} is null for a window of no rollout (or of a rollout
     * since deleted).
     */
    public static OfferStore.Stored join(DeviceWindow window, ReleaseFact release, RolloutFact rollout, TenantFact tenant) {
        boolean running = rollout != null
                && (("running".equals(rollout.state()) && ("published".equals(release.state()) || "rolling_out".equals(release.state())))
                || ("completed".equals(rollout.state()) && "completed".equals(release.state())));
        // A quarantined cohort is stopped for its own devices only: no offer, and open actions are cancelled.
        boolean quarantined = rollout != null && rollout.quarantines(window.cohort());
        running = running && !quarantined;
        boolean stopped = quarantined || stopped(rollout == null ? null : rollout.state(), release.state());
        PolicyFact policy = tenant.policies().get(release.productId());
        boolean paused = (policy != null && policy.paused()) || !tenant.active();
        OfferCandidate.ActionState action = window.actionId() == null ? OfferCandidate.ActionState.NONE
                : Boolean.TRUE.equals(window.actionOpen()) ? OfferCandidate.ActionState.IN_PROGRESS : OfferCandidate.ActionState.FINISHED;
        // A forecast window is no window: a ring that opens later than forecast moves its devices' deferrals with
        // it, so a device is offered nothing until the window planned on the real opening is stored (the ring's
        // opening queues that at once; the refresh catches a miss).
        Instant start = window.forecast() ? null : window.windowStart();
        Instant end = window.forecast() ? null : window.windowEnd();
        OfferCandidate candidate = new OfferCandidate(release.id(), window.rolloutId(), release.productKey(), release.version(),
                window.ringPosition(), start, end, running,
                rollout != null && rollout.ringOpen(window.ringPosition()), rollout != null && rollout.proven(),
                release.rollback(), paused, action,
                quarantined ? WaitReason.COHORT_QUARANTINED : window.forecast() ? null : window.hold());
        return new OfferStore.Stored(candidate, release.productId(), window.actionId(),
                policy == null ? 1 : policy.maxConcurrentShare(), stopped);
    }
}
