package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Objects;

/** When a ring of a rollout opened, or, with {@code forecast} set, when it is expected to open. */
public record RingOpening(Instant at, boolean forecast) {

    public RingOpening {
        Objects.requireNonNull(at, "at");
    }

    public static RingOpening opened(Instant at) {
        return new RingOpening(at, false);
    }

    public static RingOpening forecastFor(Instant at) {
        return new RingOpening(at, true);
    }
}
