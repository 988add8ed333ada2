package dev.ringmaster.schedule.fleet;

import dev.ringmaster.schedule.TenantPolicy;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One tenant's inputs for one product.
 *
 * @param pilotDevices      active members of the policy's pilot groups
 * @param pilotGatePassedAt per release: when the tenant's pilot gate passed (absent: not passed)
 * @param approvals         per release: the tenant's decision (absent: pending)
 * @param maxConcurrent     the policy's share of devices that may install at once; enforced at check-in, shown in
 *                          the explanation
 * @param halted            per device that ran or was offered one of the product's halted releases: what it did
 *                          with them (absent: nothing)
 * @param pilotGateFailed   the releases whose pilot gate has more failed pilots than it allows (never one that passed)
 * @param internal          the vendor's own fleet: its devices sit in ring 0 of every plan
 */
public record TenantFacts(String tenantId, TenantPolicy policy, Set<UUID> pilotDevices,
                          Map<UUID, Instant> pilotGatePassedAt, Map<UUID, Approval> approvals,
                          java.math.BigDecimal maxConcurrent, Map<UUID, HaltedSeen> halted, Set<UUID> pilotGateFailed,
                          boolean internal) {

    /** A tenant's decision on one release. */
    public record Approval(boolean approved, boolean pilotOnly, Instant decidedAt) {
    }

    /**
     * One device and the product's halted releases (halted, withdrawn or rolled back).
     *
     * @param versions   the versions of those releases it runs or was offered (the reader gives at least every
     *                   rolled-back one)
     * @param openAction the version of the one it has an open action for; null when none
     */
    public record HaltedSeen(Set<String> versions, String openAction) {

        public HaltedSeen {
            versions = Set.copyOf(versions);
        }
    }

    public TenantFacts {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(policy, "policy");
        pilotDevices = Set.copyOf(pilotDevices);
        pilotGatePassedAt = Map.copyOf(pilotGatePassedAt);
        approvals = Map.copyOf(approvals);
        maxConcurrent = maxConcurrent == null ? java.math.BigDecimal.ONE : maxConcurrent;
        halted = halted == null ? Map.of() : Map.copyOf(halted);
        pilotGateFailed = pilotGateFailed == null ? Set.of() : Set.copyOf(pilotGateFailed);
    }

    /** The tenant's pilot gate for the release, if it has one (pilot devices to wait for). */
    public java.util.Optional<PilotGateRule.Outcome> pilotGateOutcome(UUID releaseId) {
        if (pilotDevices.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(pilotGatePassedAt.containsKey(releaseId) ? PilotGateRule.Outcome.PASSED
                : pilotGateFailed.contains(releaseId) ? PilotGateRule.Outcome.FAILED : PilotGateRule.Outcome.PENDING);
    }

    /**
     * The vendor's or a customer's tenant, whose failed pilot gates are not told apart from pending ones (rehearsals
     * and plans only read passes).
     */
    public TenantFacts(String tenantId, TenantPolicy policy, Set<UUID> pilotDevices, Map<UUID, Instant> pilotGatePassedAt,
            Map<UUID, Approval> approvals, java.math.BigDecimal maxConcurrent, Map<UUID, HaltedSeen> halted, boolean internal) {
        this(tenantId, policy, pilotDevices, pilotGatePassedAt, approvals, maxConcurrent, halted, Set.of(), internal);
    }

    /** A customer tenant, whose failed pilot gates are not told apart from pending ones. */
    public TenantFacts(String tenantId, TenantPolicy policy, Set<UUID> pilotDevices, Map<UUID, Instant> pilotGatePassedAt,
            Map<UUID, Approval> approvals, java.math.BigDecimal maxConcurrent, Map<UUID, HaltedSeen> halted) {
        this(tenantId, policy, pilotDevices, pilotGatePassedAt, approvals, maxConcurrent, halted, false);
    }

    /** A customer tenant none of whose devices ran or was offered a halted release. */
    public TenantFacts(String tenantId, TenantPolicy policy, Set<UUID> pilotDevices, Map<UUID, Instant> pilotGatePassedAt,
            Map<UUID, Approval> approvals, java.math.BigDecimal maxConcurrent) {
        this(tenantId, policy, pilotDevices, pilotGatePassedAt, approvals, maxConcurrent, Map.of());
    }
}
