package dev.ringmaster.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to simulate.
 *
 * @param mix        share of the fleet per behaviour (normalised; missing behaviours count 0)
 * @param rounds     how many times every live device checks in
 * @param pause      pause between rounds
 * @param lossRate   share of requests a flaky device loses
 * @param threads    devices talking at once
 */
public record FleetSettings(URI server, String enrollmentKey, String idPrefix, int devices, String product, String installed,
                            Map<Behaviour, Double> mix, int rounds, Duration pause, double lossRate, int threads, long seed) {

    public FleetSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(enrollmentKey, "enrollmentKey");
        Objects.requireNonNull(product, "product");
        if (devices < 1 || rounds < 1 || threads < 1) {
            throw new IllegalArgumentException("devices, rounds and threads must be at least 1");
        }
        mix = mix.isEmpty() ? Map.of(Behaviour.HEALTHY, 1.0) : Map.copyOf(new EnumMap<>(mix));
    }
}
