package dev.ringmaster.rollout.gate;

/**
 * Where a ring's devices stand with the release, counted at one moment ({@link DeviceStanding} says which count
 * each offered device goes to).
 *
 * <p>Each offered device is in at most one of downloading, installing, unconfirmed, succeeded, failed, silent,
 * stuck and reverted; the rest were offered and have not started. The two counts about not-yet-offered devices
 * describe the ring's devices that were NOT offered the release yet: the gate compares how many of them went quiet
 * in the same period with how many offered devices went silent, to tell a network outage (everyone quiet) from a
 * release that bricks devices (only the updated ones quiet).
 *
 * @param offered        devices offered the release
 * @param downloading    offered devices downloading it
 * @param installing     offered devices installing it
 * @param succeeded      offered devices that reported success and then checked in running the new version
 * @param failed         offered devices that reported failure
 * @param silent         offered devices that stopped checking in for longer than the silence timeout
 * @param quietUnupdated not-yet-offered devices that stopped checking in for as long
 * @param unupdated      not-yet-offered devices of the ring
 * @param stuck          offered devices that keep checking in but did not finish within the install timeout
 * @param reverted       offered devices that reported success and then checked in on another version (A/B fallback)
 * @param unconfirmed    offered devices that reported success and have not checked in since
 */
public record RingHealth(int offered, int downloading, int installing, int succeeded, int failed, int silent,
                         int quietUnupdated, int unupdated, int stuck, int reverted, int unconfirmed) {

    public RingHealth {
        requireNotNegative("offered", offered);
        requireNotNegative("downloading", downloading);
        requireNotNegative("installing", installing);
        requireNotNegative("succeeded", succeeded);
        requireNotNegative("failed", failed);
        requireNotNegative("silent", silent);
        requireNotNegative("quietUnupdated", quietUnupdated);
        requireNotNegative("unupdated", unupdated);
        requireNotNegative("stuck", stuck);
        requireNotNegative("reverted", reverted);
        requireNotNegative("unconfirmed", unconfirmed);
        long accounted = (long) downloading + installing + unconfirmed + succeeded + failed + silent + stuck + reverted;
        if (accounted > offered) {
            String counts = "downloading + installing + succeeded + failed + silent" + (stuck > 0 ? " + stuck" : "")
                    + (reverted > 0 ? " + reverted" : "") + (unconfirmed > 0 ? " + unconfirmed" : "");
            throw new IllegalArgumentException(counts + " (" + accounted + ") must not exceed offered (" + offered + ")");
        }
        if (quietUnupdated > unupdated) {
            throw new IllegalArgumentException("quietUnupdated (" + quietUnupdated
                    + ") must not exceed unupdated (" + unupdated + ")");
        }
    }

    /** Health with no stuck, reverted or unconfirmed device. */
    public RingHealth(int offered, int downloading, int installing, int succeeded, int failed, int silent,
                      int quietUnupdated, int unupdated) {
        this(offered, downloading, installing, succeeded, failed, silent, quietUnupdated, unupdated, 0, 0, 0);
    }

    /** The same updated devices counted against another control group. */
    public RingHealth withControl(ControlGroup control) {
        return new RingHealth(offered, downloading, installing, succeeded, failed, silent, control.quiet(),
                control.devices(), stuck, reverted, unconfirmed);
    }

    /** Two groups of devices counted as one, controls included: a ring from its cohorts. */
    public RingHealth plus(RingHealth other) {
        return new RingHealth(offered + other.offered, downloading + other.downloading, installing + other.installing,
                succeeded + other.succeeded, failed + other.failed, silent + other.silent,
                quietUnupdated + other.quietUnupdated, unupdated + other.unupdated, stuck + other.stuck,
                reverted + other.reverted, unconfirmed + other.unconfirmed);
    }

    public static final RingHealth EMPTY = new RingHealth(0, 0, 0, 0, 0, 0, 0, 0);

    /** Devices whose outcome is known: silence, a stuck install and a fallback count as outcomes. */
    public int finished() {
        return succeeded + failures();
    }

    /** Devices that failed, counting silence, stuck installs and fallbacks as failures. */
    public int failures() {
        return failed + silent + stuck + reverted;
    }

    /**
     * Devices whose outcome was seen rather than inferred from silence: their own reports, their check-ins on a
     * version, and installs that kept checking in past the timeout.
     */
    public int reported() {
        return succeeded + observedFailures();
    }

    /** Failures seen on devices that are still checking in: reported failures, stuck installs, fallbacks. */
    public int observedFailures() {
        return failed + stuck + reverted;
    }

    private static void requireNotNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
    }
}
