package dev.ringmaster.rollout.ring;

import java.util.Objects;
import java.util.UUID;

/**
 * Which ring of a rollout a device sits in (DESIGN.md, "The merge", point 1) — the one statement of the rule, used
 * by the planner and the pilot gate alike:
 * <ul>
 *   <li>The vendor's own devices (an internal tenant's) sit in ring 0, whatever their bucket. When the plan has an
 *       internal ring, ring 0 is that ring and holds nothing else.</li>
 *   <li>A customer device's ring is its {@link DeviceBucket}'s ring on the plan's share ladder, counted after the
 *       internal ring when the plan has one: customer ring 0 is then rollout ring 1.</li>
 *   <li>A customer's pilot is moved up to ring 1 at most when its bucket put it later; ring 0 stays the vendor's (a
 *       pilot whose bucket put it there without an internal ring stays).</li>
 * </ul>
 *
 * @param ladder       the customer rings' cumulative shares
 * @param internalRing the plan runs an internal ring before its customer rings
 */
public record RingPlacement(String planSalt, RingLadder ladder, boolean internalRing) {

    /** Where the vendor's own devices are, in every plan. */
    public static final int VENDOR_RING = 0;
    /** The earliest ring a customer's pilot group is moved up to. */
    public static final int EARLIEST_PILOT_RING = 1;

    public RingPlacement {
        Objects.requireNonNull(planSalt, "planSalt");
        Objects.requireNonNull(ladder, "ladder");
    }

    /**
     * @param vendorDevice the device belongs to an internal tenant
     * @param pilot        the device is in one of its tenant's pilot groups for the product
     */
    public int ringOf(UUID deviceId, String productKey, boolean vendorDevice, boolean pilot) {
        if (vendorDevice) {
            return VENDOR_RING;
        }
        int ring = ladder.ringOf(DeviceBucket.of(deviceId, productKey, planSalt)) + firstCustomerRing();
        return pilot ? Math.min(ring, EARLIEST_PILOT_RING) : ring;
    }

    /** The rollout ring that holds customer ring 0. */
    public int firstCustomerRing() {
        return internalRing ? 1 : 0;
    }

    /** The rollout's rings: the ladder's, and the internal ring before them when there is one. */
    public int ringCount() {
        return ladder.cumulativeShares().size() + firstCustomerRing();
    }
}
