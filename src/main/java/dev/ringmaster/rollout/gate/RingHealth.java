package dev.ringmaster.rollout.gate;

/**
 * Where a ring's devices stand with the release, counted at one moment.
 *
 * <p>Each offered device is in at most one of downloading, installing, succeeded, failed and silent; the
 * rest were offered and have not started. The last two counts describe the ring's devices that were NOT
 * offered the release yet: the gate compares how many of them went quiet in the same period with how many
 * offered devices went silent, to tell a network outage (everyone quiet) from a release that bricks devices
 * (only the updated ones quiet).
 *
 * @param offered        devices offered the release
 * @param downloading    offered devices downloading it
 * @param installing     offered devices installing it
 * @param succeeded      offered devices that reported success
 * @param failed         offered devices that reported failure
 * @param silent         offered devices that stopped checking in for longer than the silence timeout
 * @param quietUnupdated not-yet-offered devices that stopped checking in for as long
 * @param unupdated      not-yet-offered devices of the ring
 */
public record RingHealth(int offered, int downloading, int installing, int succeeded, int failed, int silent,
                         int quietUnupdated, int unupdated) {

    public RingHealth {
        requireNotNegative("offered", offered);
        requireNotNegative("downloading", downloading);
        requireNotNegative("installing", installing);
        requireNotNegative("succeeded", succeeded);
        requireNotNegative("failed", failed);
        requireNotNegative("silent", silent);
        requireNotNegative("quietUnupdated", quietUnupdated);
        requireNotNegative("unupdated", unupdated);
        long accounted = (long) downloading + installing + succeeded + failed + silent;
        if (accounted > offered) {
            throw new IllegalArgumentException("downloading + installing + succeeded + failed + silent ("
                    + accounted + ") must not exceed offered (" + offered + ")");
        }
        if (quietUnupdated > unupdated) {
            throw new IllegalArgumentException("quietUnupdated (" + quietUnupdated
                    + ") must not exceed unupdated (" + unupdated + ")");
        }
    }

    /** Devices whose outcome is known: silence counts as an outcome. */
    public int finished() {
        return succeeded + failed + silent;
    }

    /** Devices that failed, counting silence as failure. */
    public int failures() {
        return failed + silent;
    }

    /** Devices that reported an outcome themselves. */
    public int reported() {
        return succeeded + failed;
    }

    private static void requireNotNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
    }
}
