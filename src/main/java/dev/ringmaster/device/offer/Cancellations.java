package dev.ringmaster.device.offer;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * DESIGN "Device protocols": an open action whose rollout stopped (halted, emergency stop, aborted, or its release
 * halted or withdrawn) is cancelled on the device, over DDI ({@code cancelAction}) and the native API alike. The
 * device is told before anything else, so it stops an install nobody wants any more; the oldest such action first.
 */
public final class Cancellations {

    private Cancellations() {
    }

    /** The action the device must cancel now, if any. */
    public static Optional<OfferStore.Stored> due(List<OfferStore.Stored> stored) {
        return stored.stream()
                .filter(candidate -> candidate.rolloutStopped() && candidate.actionId() != null
                        && candidate.candidate().action() == OfferCandidate.ActionState.IN_PROGRESS)
                .min(Comparator.comparing(OfferStore.Stored::actionId));
    }
}
