package dev.ringmaster.device.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How long a device sleeps before its next poll: until its next reason to come back, clamped to
 * [{@code min}, {@code max}], plus a jitter of up to {@code jitterShare} of that sleep (at most
 * {@code maxJitter}) so that a whole fleet whose window opens at 02:00 does not arrive in the same second.
 * The jitter is derived from the device id and the target instant: the same question gets the same answer
 * (a cached decision stays byte-for-byte the same), while different devices spread out.
 */
public record PollInterval(Duration min, Duration max, double jitterShare, Duration maxJitter) {

    public PollInterval {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(maxJitter, "maxJitter");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max");
        }
        if (jitterShare < 0 || jitterShare > 1) {
            throw new IllegalArgumentException("jitterShare must be in [0, 1]");
        }
    }

    public Duration sleep(UUID deviceId, Instant now, Instant comeBackAt) {
        Duration until = Duration.between(now, comeBackAt);
        Duration clamped = until.compareTo(min) < 0 ? min : until.compareTo(max) > 0 ? max : until;
        long jitterCap = Math.min(maxJitter.toMillis(), (long) (clamped.toMillis() * jitterShare));
        long jitter = jitterCap <= 0 ? 0 : Math.floorMod(mix(deviceId, comeBackAt), jitterCap + 1);
        Duration withJitter = clamped.plusMillis(jitter);
        // Whole seconds: hawkBit's HH:MM:SS has no finer unit, and rounding up never wakes a device early.
        long seconds = (withJitter.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.min(seconds, max.plus(maxJitter).toSeconds()));
    }

    private static long mix(UUID deviceId, Instant at) {
        long h = deviceId.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ deviceId.getLeastSignificantBits();
        h ^= at.getEpochSecond() * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        return h * 0x94D049BB133111EBL;
    }
}
