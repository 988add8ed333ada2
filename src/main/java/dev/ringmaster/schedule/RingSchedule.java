package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * For one release's rollout, when each ring opened or is forecast to open, by ring index. A ring that is absent
 * cannot be forecast: the rollout is halted or paused, or the ring waits for a vendor's manual approval.
 */
public record RingSchedule(Map<Integer, RingOpening> openings) {

    public RingSchedule {
        Objects.requireNonNull(openings, "openings");
        openings = Map.copyOf(openings);
    }

    public static RingSchedule none() {
        return new RingSchedule(Map.of());
    }

    public Optional<RingOpening> opening(int ring) {
        return Optional.ofNullable(openings.get(ring));
    }

    public RingSchedule withOpened(int ring, Instant at) {
        return with(ring, RingOpening.opened(at));
    }

    public RingSchedule withForecast(int ring, Instant at) {
        return with(ring, RingOpening.forecastFor(at));
    }

    private RingSchedule with(int ring, RingOpening opening) {
        Map<Integer, RingOpening> copy = new TreeMap<>(openings);
        copy.put(ring, opening);
        return new RingSchedule(copy);
    }
}
