package dev.ringmaster.schedule.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the windows and explain endpoints answer. */
public final class WindowViews {

    private WindowViews() {
    }

    /** One link of the chain; {@code at} is null when the step has no instant (a pause, a pending approval). */
    public record ReasonView(Instant at, String code, String text) {
    }

    /**
     * A device's stored window for one release.
     *
     * @param windowEnd null with a window start: the window never closes
     * @param blockedBy the reason code that blocks the release (no window), null when there is a window
     */
    public record Window(String product, UUID releaseId, String version, UUID rolloutId, int ring, boolean forecast,
                         Instant earliestStart, Instant windowStart, Instant windowEnd, String blockedBy,
                         Instant computedAt) {
    }

    /** The window and the chain that produced it, in the order it was applied. */
    public record Explanation(UUID deviceId, String externalId, String deviceTimeZone, Window window,
                              List<ReasonView> reasons) {
    }
}
