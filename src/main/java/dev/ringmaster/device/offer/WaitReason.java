package dev.ringmaster.device.offer;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.TimeRange;

import java.util.List;

/** Why a device is told to wait, most telling first: the first reason that applies to any release is given. */
public enum WaitReason {
    CONCURRENCY_CAP("concurrency-cap"),
    BLAST_RADIUS_CAP("blast-radius-cap"),
    BEFORE_WINDOW("before-window"),
    PAUSED("tenant-paused"),
    /** A device outside the tenant's pilot groups waits until the tenant's pilot gate passed. */
    PILOT_GATE("pilot-gate"),
    /** The tenant follows the product in approval mode and has not approved the release (for this device). */
    APPROVAL_PENDING("approval-pending"),
    APPROVAL_DECLINED("approval-declined"),
    RING_NOT_OPEN("ring-not-open"),
    /** The device's cohort failed its gate and is quarantined: the rest of the rollout goes on without it. */
    COHORT_QUARANTINED("cohort-quarantined"),
    ROLLOUT_NOT_RUNNING("rollout-not-running"),
    WINDOW_PASSED("window-passed"),
    UP_TO_DATE("up-to-date");

    private final String code;

    WaitReason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /**
     * A budget shared with the tenant's or the vendor's other devices: it frees when another device's install
     * ends, which nothing about this device's own rows announces, so a wait for it is never kept in memory.
     */
    public boolean sharedBudget() {
        return this == CONCURRENCY_CAP || this == BLAST_RADIUS_CAP;
    }

    /**
     * The hold a device is told for a window kept in memory (a rehearsal's): {@link #ofHold} of what it is
     * {@link Reason#blockedBy}, as {@code OfferStore} reads it from the stored row.
     *
     * @param window the window's range; null when the plan gave none
     */
    public static WaitReason ofWindow(TimeRange window, List<Reason> reasons) {
        return ofHold(Reason.blockedBy(window != null, reasons, Reason::code));
    }

    /**
     * Why a stored window has none, from the code of its plan's last reason ({@code schedule.Reason}), when that is
     * a tenant hold a device should be told about; null for anything else (the ring's state then speaks).
     */
    public static WaitReason ofHold(String planCode) {
        if (planCode == null) {
            return null;
        }
        return switch (planCode) {
            case Reason.PILOT_GATE_PENDING -> PILOT_GATE;
            case Reason.APPROVAL_PENDING -> APPROVAL_PENDING;
            case Reason.APPROVAL_DECLINED -> APPROVAL_DECLINED;
            default -> null;
        };
    }
}
