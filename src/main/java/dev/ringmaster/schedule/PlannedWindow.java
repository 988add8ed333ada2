package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The merge's answer for one device and release (the stored "release window").
 *
 * @param earliestStart E(d) from DESIGN.md; null when something blocks the release
 * @param window        the first range the device may install in; null when blocked
 * @param forecast      the ring has not opened yet, so the times rest on a forecast
 * @param blockedBy     the code of the reason that blocks the release; null when a window was found
 * @param reasons       the chain that produced the answer, in the order it was applied
 */
public record PlannedWindow(Instant earliestStart, TimeRange window, int ring, boolean forecast, String blockedBy,
        List<Reason> reasons) {

    public PlannedWindow {
        reasons = List.copyOf(reasons);
        if ((window == null) == (blockedBy == null)) {
            throw new IllegalArgumentException("a planned window has either a window or a blocking reason");
        }
    }

    static PlannedWindow blocked(int ring, boolean forecast, String blockedBy, Instant earliestStart,
            List<Reason> reasons) {
        Objects.requireNonNull(blockedBy, "blockedBy");
        return new PlannedWindow(earliestStart, null, ring, forecast, blockedBy, reasons);
    }

    public boolean isBlocked() {
        return blockedBy != null;
    }
}
