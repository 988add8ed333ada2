package dev.ringmaster.rollout.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The vendor-wide limit on how many devices may be offered a not-yet-proven release (see
 * {@link Rollout#isProven()}) in any one hour, over all such releases together.
 *
 * <p>The hour slides: an offer counts while it is less than an hour old, so a burst at the end of one clock
 * hour and another at the start of the next cannot add up to twice the limit.
 *
 * @param devicesPerHour the limit
 * @param offers         when each offer of an unproven release was made; older ones may be left in, they no
 *                       longer count
 */
public record BlastRadiusCap(int devicesPerHour, List<Instant> offers) {

    public static final Duration WINDOW = Duration.ofHours(1);

    public BlastRadiusCap {
        if (devicesPerHour < 0) {
            throw new IllegalArgumentException("devicesPerHour must not be negative, was " + devicesPerHour);
        }
        offers = List.copyOf(offers);
    }

    public static BlastRadiusCap of(int devicesPerHour) {
        return new BlastRadiusCap(devicesPerHour, List.of());
    }

    /** How many more devices may be offered an unproven release at {@code now}; never negative. */
    public int remaining(Instant now) {
        return (int) Math.max(0, devicesPerHour - counted(now));
    }

    /** The cap with one more offer made at {@code at}. */
    public BlastRadiusCap withOffer(Instant at) {
        List<Instant> more = new ArrayList<>(offers);
        more.add(Objects.requireNonNull(at, "at"));
        return new BlastRadiusCap(devicesPerHour, more);
    }

    /** The same cap without the offers that no longer count at {@code now}, to keep the list short. */
    public BlastRadiusCap pruned(Instant now) {
        return new BlastRadiusCap(devicesPerHour, offers.stream().filter(offer -> counts(offer, now)).toList());
    }

    private long counted(Instant now) {
        Objects.requireNonNull(now, "now");
        return offers.stream().filter(offer -> counts(offer, now)).count();
    }

    /**
     * An offer exactly an hour old no longer counts. An offer stamped after {@code now} (another node's clock)
     * still counts: a cap must not let more through because clocks disagree.
     */
    private static boolean counts(Instant offer, Instant now) {
        return offer.isAfter(now.minus(WINDOW));
    }
}
