package dev.ringmaster.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code initial} after the first attempt, doubling after each further
 * one up to {@code cap}; after {@code maxAttempts} attempts the delivery is given up (marked failed). Doubling
 * spreads retries thin when a receiver is down for long, and the cap keeps a receiver that comes back from
 * waiting a day for its events.
 */
public record Backoff(Duration initial, Duration cap, int maxAttempts) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(cap, "cap");
        if (!initial.isPositive() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= cap, was " + initial + " and " + cap);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /**
     * @param attempts how many attempts failed so far (1 after the first)
     * @return the wait before the next attempt, or empty when no attempt is left
     */
    public Optional<Duration> after(int attempts) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = initial;
        for (int i = 1; i < attempts && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(delay.compareTo(cap) > 0 ? cap : delay);
    }
}
