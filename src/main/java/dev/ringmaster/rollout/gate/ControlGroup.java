package dev.ringmaster.rollout.gate;

import java.util.Locale;

/**
 * The devices the updated ones are compared with (DESIGN.md, "Silence is failure" and "Cohorts"): devices that were
 * checking in when the period began and were not offered the release, and how many of them went quiet in the same
 * period. For a cohort they are the not-yet-updated devices of that cohort anywhere in the rollout; for a ring judged
 * as a whole, the ring's own not-yet-offered devices. Pure; the one statement of the outage rule.
 *
 * <p>The rule: silence of updated devices looks like an outage (the gate holds rather than halts) when the control's
 * quiet share is at least {@link #OUTAGE_QUIET_RATIO} of the updated devices' silent share. Half, not all: an outage
 * rarely hits both groups exactly alike, while a release that bricks devices leaves the control checking in as usual,
 * far below half. With no control there is nothing to compare with, and silence stays failure.
 *
 * @param devices not-yet-updated devices that were checking in when the period began
 * @param quiet   those of them that stopped checking in for longer than the silence timeout
 */
public record ControlGroup(int devices, int quiet) {

    public static final double OUTAGE_QUIET_RATIO = 0.5;

    public static final ControlGroup NONE = new ControlGroup(0, 0);

    /** What the silence of the updated devices means, read against the control. */
    public enum Reading {
        /** No updated device is silent. */
        NO_SILENCE,
        /** Updated devices are silent and no control device exists: the silence counts against the release. */
        NO_CONTROL,
        /** The control went about as quiet: an outage, not the release. */
        OUTAGE,
        /** Only the updated devices went silent: the silence counts against the release. */
        RELEASE
    }

    public ControlGroup {
        if (devices < 0 || quiet < 0 || quiet > devices) {
            throw new IllegalArgumentException("a control group needs 0 ≤ quiet ≤ devices, had " + quiet + " of " + devices);
        }
    }

    /** The control a health was counted with. */
    public static ControlGroup of(RingHealth health) {
        return new ControlGroup(health.unupdated(), health.quietUnupdated());
    }

    public ControlGroup plus(ControlGroup other) {
        return new ControlGroup(devices + other.devices, quiet + other.quiet);
    }

    /** quiet / devices ≥ ratio × silent / offered, cross-multiplied so no count is divided. */
    public Reading read(RingHealth updated) {
        if (updated.silent() == 0) {
            return Reading.NO_SILENCE;
        }
        if (devices == 0) {
            return Reading.NO_CONTROL;
        }
        return (double) quiet * updated.offered() >= OUTAGE_QUIET_RATIO * updated.silent() * devices
                ? Reading.OUTAGE : Reading.RELEASE;
    }

    /** Why the gate counts the updated devices' silence as it does; null when none is silent. */
    public String silenceReason(RingHealth updated) {
        Reading reading = read(updated);
        if (reading == Reading.NO_SILENCE) {
            return null;
        }
        String silent = updated.silent() + " of " + updated.offered() + " offered devices went silent ("
                + percent(updated.silent(), updated.offered()) + ")";
        if (reading == Reading.NO_CONTROL) {
            return silent + " and there are no not-yet-updated devices to compare with: silence counts as failure";
        }
        String control = quiet + " of " + devices + " not-yet-updated devices went quiet (" + percent(quiet, devices) + ")";
        if (reading == Reading.OUTAGE) {
            return silent + " and " + control + " too: looks like an outage rather than the release";
        }
        return silent + " but only " + control + ": silence counts as failure";
    }

    /**
     * Updated against control in numbers, silence and failure side by side: "updated 4 of 6 silent (66.7 %), 5 of 6
     * finished failed (83.3 %); not yet updated 0 of 9 quiet (0.0 %)". The control has no failures of the release to
     * show: it was never offered it, so its only signal is whether it still checks in.
     */
    public String comparison(RingHealth updated) {
        return "updated " + updated.silent() + " of " + updated.offered() + " silent ("
                + percent(updated.silent(), updated.offered()) + "), " + updated.failures() + " of " + updated.finished()
                + " finished failed (" + percent(updated.failures(), updated.finished()) + "); not yet updated "
                + (devices == 0 ? "none to compare with" : quiet + " of " + devices + " quiet (" + percent(quiet, devices) + ")");
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}
