package dev.ringmaster.policy;

import java.time.Duration;

/**
 * What a tenant that never saved a policy for a product gets: automatic mode, 24 hours of deferral, no
 * pilot deferral, no maintenance windows, no freezes, not paused. Fixes keep flowing without any tenant
 * action, yet a release halted within a day of its ring opening (where most bad releases are caught) never
 * reaches such a tenant. The API's document and the merge's policy are both built from these values.
 */
public final class DefaultPolicy {

    public static final PolicyMode MODE = PolicyMode.AUTOMATIC;
    public static final Duration DEFERRAL = Duration.ofHours(24);
    public static final Duration PILOT_DEFERRAL = Duration.ZERO;
    public static final boolean PAUSED = false;

    private DefaultPolicy() {
    }
}
