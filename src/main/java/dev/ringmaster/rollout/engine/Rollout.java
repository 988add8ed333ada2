package dev.ringmaster.rollout.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A rollout at one moment: one release going through one ring plan. Immutable; every change gives a new
 * snapshot, so a command or reconciler step can be computed, checked and audited before anything is stored.
 *
 * @param currentRing    the ring the rollout is at: open, on hold, halted, or passed and waiting for approval
 *                       of the next one
 * @param rings          the state of each ring of the plan, by position
 * @param emergency      an emergency release: a compressed plan that needs two distinct approvers to start
 * @param approvers      who approved an emergency rollout, in the order they did
 * @param stateChangedAt when {@code state} last changed (ring changes within a running rollout do not count)
 */
public record Rollout(UUID id, RolloutState state, int currentRing, List<RingStatus> rings, List<RingStep> plan,
                      boolean emergency, Set<String> approvers, Instant stateChangedAt) {

    /** An emergency release starts only with this many distinct approvers. */
    public static final int EMERGENCY_APPROVERS = 2;

    /**
     * Ring 0 holds the vendor's own devices (alone when the plan has an internal ring, whose customer ring 0 is then
     * ring 1); a release is proven once ring 1 passed. Until then the blast-radius cap applies to it.
     */
    public static final int FIRST_CUSTOMER_RING = 1;

    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        if (plan == null || plan.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs a plan with at least one ring");
        }
        plan = List.copyOf(plan);
        rings = List.copyOf(rings);
        if (rings.size() != plan.size()) {
            throw new IllegalArgumentException("the plan has " + plan.size() + " rings but " + rings.size()
                    + " ring states were given");
        }
        if (currentRing < 0 || currentRing >= plan.size()) {
            throw new IllegalArgumentException("currentRing must be between 0 and " + (plan.size() - 1)
                    + ", was " + currentRing);
        }
        // Insertion order kept, so the audit and the console list approvers in the order they approved.
        approvers = Collections.unmodifiableSet(new LinkedHashSet<>(approvers));
    }

    /** A new rollout, not started: every ring pending. */
    public static Rollout scheduled(UUID id, List<RingStep> plan, boolean emergency, Instant createdAt) {
        List<RingStatus> pending = plan == null ? List.of() : Collections.nCopies(plan.size(), RingStatus.pending());
        return new Rollout(id, RolloutState.SCHEDULED, 0, pending, plan, emergency, Set.of(), createdAt);
    }

    public RingStatus ring(int position) {
        return rings.get(position);
    }

    public RingStatus currentStatus() {
        return rings.get(currentRing);
    }

    public RingStep currentStep() {
        return plan.get(currentRing);
    }

    public boolean isLastRing(int position) {
        return position == plan.size() - 1;
    }

    /** The current ring passed and the next one waits for a vendor to approve it. */
    public boolean awaitingApproval() {
        return !state.isTerminal() && currentStatus().state() == RingState.PASSED && !isLastRing(currentRing);
    }

    /** Past the first customer ring (or the only ring of a one-ring plan): the blast-radius cap no longer applies. */
    public boolean isProven() {
        return ring(Math.min(FIRST_CUSTOMER_RING, plan.size() - 1)).state() == RingState.PASSED;
    }

    /** @throws IllegalRolloutAction if the state machine does not allow the move */
    public Rollout withState(RolloutState next, Instant at) {
        Objects.requireNonNull(at, "at");
        if (!state.canMoveTo(next)) {
            throw new IllegalRolloutAction(id, "move", "a " + state.code() + " rollout cannot become " + next.code());
        }
        return new Rollout(id, next, currentRing, rings, plan, emergency, approvers, at);
    }

    public Rollout withRing(int position, RingStatus status) {
        List<RingStatus> changed = new ArrayList<>(rings);
        changed.set(position, Objects.requireNonNull(status, "status"));
        return new Rollout(id, state, currentRing, changed, plan, emergency, approvers, stateChangedAt);
    }

    public Rollout withCurrentRing(int position) {
        return new Rollout(id, state, position, rings, plan, emergency, approvers, stateChangedAt);
    }

    public Rollout withApprover(String approver) {
        Set<String> more = new LinkedHashSet<>(approvers);
        more.add(approver);
        return new Rollout(id, state, currentRing, rings, plan, emergency, more, stateChangedAt);
    }
}
