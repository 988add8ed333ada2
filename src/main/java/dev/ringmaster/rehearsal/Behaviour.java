package dev.ringmaster.rehearsal;

import java.time.Duration;
import java.util.Objects;

/**
 * What a simulated device does in a rehearsal (DESIGN.md, "Rehearsal"). Two families: how its install goes
 * (healthy, fails, silent brick, crash loop, slow failure) and how it reaches the service (flaky network, offline,
 * regional outage). A device has one of each; the first rule of the {@link FailureModel} that selects it decides.
 *
 * @param probability for {@link Kind#FAILS}: the chance an install fails; for {@link Kind#FLAKY_NETWORK}: the chance
 *                    a check-in is lost
 * @param delay       for {@link Kind#SLOW_FAILURE}: how long after its success the device falls back to the old version
 * @param from        for {@link Kind#REGIONAL_OUTAGE}: when, after the rehearsal's start, the devices go quiet
 * @param until       for {@link Kind#REGIONAL_OUTAGE}: when, after the start, they come back
 */
public record Behaviour(Kind kind, double probability, Duration delay, Duration from, Duration until) {

    public enum Kind {
        /** Installs, reports success after the install duration, comes back running the release. */
        HEALTHY(false),
        /** Reports failure with the rule's probability, otherwise as healthy. */
        FAILS(false),
        /** Never calls again once it starts installing. */
        SILENT_BRICK(false),
        /** Keeps coming back on the old version asking for the release again; never reports an outcome. */
        CRASH_LOOP(false),
        /** Succeeds, then after the delay comes back on the old version (an A/B fallback, counted as reverted). */
        SLOW_FAILURE(false),
        /** Loses each check-in with the rule's probability; what it had to report arrives with the next one. */
        FLAKY_NETWORK(true),
        /** Never calls during the rehearsal. */
        OFFLINE(true),
        /** Quiet from {@code from} until {@code until} after the start, then back. */
        REGIONAL_OUTAGE(true);

        private final boolean connectivity;

        Kind(boolean connectivity) {
            this.connectivity = connectivity;
        }

        public boolean connectivity() {
            return connectivity;
        }

        /** "silent-brick" for {@link #SILENT_BRICK}. */
        public String code() {
            return KindCode.of(this);
        }

        /** Null when no kind has that code. */
        public static Kind fromCode(String code) {
            return KindCode.parse(Kind.class, code);
        }
    }

    public static final Behaviour HEALTHY = new Behaviour(Kind.HEALTHY, 0, null, null, null);

    public Behaviour {
        Objects.requireNonNull(kind, "kind");
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be between 0 and 1, was " + probability);
        }
    }

    public static Behaviour of(Kind kind) {
        return new Behaviour(kind, 0, null, null, null);
    }

    public static Behaviour fails(double probability) {
        return new Behaviour(Kind.FAILS, probability, null, null, null);
    }

    public static Behaviour slowFailure(Duration delay) {
        return new Behaviour(Kind.SLOW_FAILURE, 0, delay, null, null);
    }

    public static Behaviour flaky(double lostShare) {
        return new Behaviour(Kind.FLAKY_NETWORK, lostShare, null, null, null);
    }

    public static Behaviour outage(Duration from, Duration until) {
        return new Behaviour(Kind.REGIONAL_OUTAGE, 0, null, from, until);
    }
}
