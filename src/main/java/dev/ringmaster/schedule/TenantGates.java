package dev.ringmaster.schedule;

import java.time.Instant;

/**
 * The tenant-side events a release waits for.
 *
 * @param pilotGateApplies  false when the tenant has no pilot groups, so there is no pilot gate to wait for
 * @param pilotGatePassedAt when the tenant's pilot gate passed for this release; null while it has not
 * @param approvedAt        when a tenant admin approved the release; only read in approval mode
 * @param declined          a tenant admin declined the release; only read in approval mode, and wins over an approval
 */
public record TenantGates(boolean pilotGateApplies, Instant pilotGatePassedAt,
        Instant approvedAt, boolean declined) {

    /** A tenant with pilot groups, whose non-pilot devices wait for the pilot gate. */
    public TenantGates(Instant pilotGatePassedAt, Instant approvedAt, boolean declined) {
        this(true, pilotGatePassedAt, approvedAt, declined);
    }

    /** A tenant without pilot groups: nobody waits for a pilot gate. */
    public static TenantGates withoutPilotGroups(Instant approvedAt, boolean declined) {
        return new TenantGates(false, null, approvedAt, declined);
    }
}
