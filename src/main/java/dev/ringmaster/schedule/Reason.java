package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One link in the chain that explains a device's planned window, e.g. "+48h tenant deferral".
 *
 * @param at   the instant this step refers to; null when it has none (e.g. a paused tenant)
 * @param code stable, machine-readable; one of the constants below
 */
public record Reason(Instant at, String code, String text) {

    public static final String RING_OPENED = "ring-opened";
    public static final String FORECAST = "forecast";
    public static final String RING_UNKNOWN = "ring-unknown";
    public static final String DEFERRAL = "deferral";
    public static final String PILOT_GATE = "pilot-gate";
    public static final String APPROVAL = "approval";
    public static final String PILOT_GATE_PENDING = "pilot-gate-pending";
    public static final String APPROVAL_PENDING = "approval-pending";
    public static final String APPROVAL_DECLINED = "approval-declined";
    public static final String PINNED = "pinned";
    /** The device ran a release that was rolled back, so it is planned for the rollback release. */
    public static final String ROLLBACK = "rollback";
    /** The device has an open action for a halted release; it is kept on it only to be told to stop. */
    public static final String HALTED = "halted";
    public static final String PAUSED = "paused";
    /** The earliest start has passed, so the plan starts from the moment it was made. */
    public static final String NOW = "now";
    public static final String FREEZE = "freeze";
    public static final String MAINTENANCE_WINDOW = "maintenance-window";
    /** No allowed range starts before the search horizon. */
    public static final String NO_WINDOW = "no-window";

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    /**
     * What a stored window without a range is blocked by: the code of the last of its reasons, the one that stopped
     * the plan (a pending pilot gate or approval, no window…); null when it has a range or no reason. {@code
     * OfferStore}'s {@code hold} column is this rule in SQL over the stored {@code reasons}; the Java that reads or
     * keeps windows asks here, so the two cannot drift.
     *
     * @param code the code of one reason: windows are kept as {@link Reason}s in memory, as views of the stored JSON
     */
    public static <R> String blockedBy(boolean windowed, List<R> reasons, Function<R, String> code) {
        return windowed || reasons.isEmpty() ? null : code.apply(reasons.getLast());
    }
}
