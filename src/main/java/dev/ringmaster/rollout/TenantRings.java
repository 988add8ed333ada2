package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.RingHealth;
import java.util.List;
import java.util.UUID;

/**
 * Where each tenant's devices stand in a rollout, ring by ring: the gate's own counts ({@link RingHealth}) split by
 * tenant, so the vendor sees which customers a ring reaches and how their devices fare.
 *
 * @param rings   the plan's ring names, in order
 * @param tenants the tenants with devices in any ring, by id
 */
public record TenantRings(UUID rollout, List<String> rings, List<Tenant> tenants) {

    /** @param cells one per ring, in the order of {@code rings} */
    public record Tenant(String id, String name, List<Cell> cells) {
    }

    /**
     * One tenant's devices in one ring. {@code waiting}: in the ring, not offered yet; {@code working}: offered and
     * downloading, installing or with a success not yet confirmed by a check-in; {@code failed} counts stuck
     * installs and fallbacks as the gate does, {@code silent} apart.
     */
    public record Cell(int devices, int waiting, int offered, int working, int succeeded, int failed, int silent) {

        static final Cell EMPTY = new Cell(0, 0, 0, 0, 0, 0, 0);

        /** @param devices all the tenant's devices in the ring, those never heard of included */
        static Cell of(RingHealth health, int devices) {
            int working = health.downloading() + health.installing() + health.unconfirmed();
            int failed = health.failed() + health.stuck() + health.reverted();
            int justOffered = health.offered() - working - health.succeeded() - failed - health.silent();
            return new Cell(devices, devices - health.offered(), justOffered, working, health.succeeded(), failed,
                    health.silent());
        }
    }
}
