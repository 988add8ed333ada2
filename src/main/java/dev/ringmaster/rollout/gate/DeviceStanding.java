package dev.ringmaster.rollout.gate;

import java.util.Objects;

/**
 * Where one device of a ring stands with a rollout's release, judged from what is known of it (DESIGN.md,
 * "Rollouts, gates and halting": silence is failure; a device that keeps checking in but never finishes within the
 * install timeout fails too; a reported success counts only once the device checks in running the new version, and
 * one that comes back on the old version is reverted).
 *
 * <p>The order of the rules, first match wins:
 * <ol>
 *   <li>a reported failure is final: {@link Status#FAILED};</li>
 *   <li>a reported success followed by a check-in on another version: {@link Status#REVERTED};</li>
 *   <li>a reported success followed by a check-in running it: {@link Status#SUCCEEDED};</li>
 *   <li>no sign of life for the silence timeout: {@link Status#SILENT}, also after an unconfirmed success (a
 *       device that reports success and never comes back from the reboot is the bricked device silence is for);</li>
 *   <li>offered longer ago than the install timeout, still alive and not finished: {@link Status#STUCK} (a
 *       cancelled action is finished: the device did what it was told);</li>
 *   <li>otherwise by its newest report: {@link Status#UNCONFIRMED} success, downloading, installing, or just offered.</li>
 * </ol>
 */
public final class DeviceStanding {

    /** The newest thing the device reported about the release; a reported outcome outranks later progress. */
    public enum Reported {
        NOTHING, DOWNLOADING, INSTALLING, SUCCEEDED, FAILED, CANCELLED;

        /** From the stored event kind; null (no report) is NOTHING. */
        public static Reported fromKind(String kind) {
            if (kind == null) {
                return NOTHING;
            }
            return switch (kind) {
                case "downloading", "downloaded" -> DOWNLOADING;
                case "installing" -> INSTALLING;
                case "succeeded" -> SUCCEEDED;
                case "failed" -> FAILED;
                case "cancelled" -> CANCELLED;
                default -> throw new IllegalArgumentException("not a device report: " + kind);
            };
        }
    }

    /** Which count of {@link RingHealth} an offered device goes to. */
    public enum Status {
        OFFERED, DOWNLOADING, INSTALLING, UNCONFIRMED, SUCCEEDED, FAILED, SILENT, STUCK, REVERTED
    }

    /**
     * What is known of one offered device.
     *
     * @param reported         its newest report
     * @param alive            it showed a sign of life (check-in or report) within the silence timeout
     * @param overdue          it was offered the release longer ago than the install timeout
     * @param runsRelease      it checked in running the release's version after reporting success
     * @param runsOtherVersion it checked in on another version after reporting success (not a later release it
     *                         was offered since)
     */
    public record Facts(Reported reported, boolean alive, boolean overdue, boolean runsRelease, boolean runsOtherVersion) {

        public Facts {
            Objects.requireNonNull(reported, "reported");
        }
    }

    private DeviceStanding() {
    }

    public static Status of(Facts facts) {
        Reported reported = facts.reported();
        if (reported == Reported.FAILED) {
            return Status.FAILED;
        }
        if (reported == Reported.SUCCEEDED && facts.runsOtherVersion()) {
            return Status.REVERTED;
        }
        if (reported == Reported.SUCCEEDED && facts.runsRelease()) {
            return Status.SUCCEEDED;
        }
        if (!facts.alive()) {
            return Status.SILENT;
        }
        if (facts.overdue() && reported != Reported.CANCELLED) {
            return Status.STUCK;
        }
        return switch (reported) {
            case SUCCEEDED -> Status.UNCONFIRMED;
            case DOWNLOADING -> Status.DOWNLOADING;
            case INSTALLING -> Status.INSTALLING;
            default -> Status.OFFERED;
        };
    }

    /** Adds up devices into a ring's health. */
    public static final class Tally {
        private int offered;
        private final int[] byStatus = new int[Status.values().length];
        private int unupdated;
        private int quietUnupdated;

        /** {@code devices} offered devices with these facts. */
        public Tally offered(Facts facts, int devices) {
            offered += devices;
            byStatus[of(facts).ordinal()] += devices;
            return this;
        }

        /** {@code devices} ring devices not offered the release yet, {@code quiet} telling whether they went quiet. */
        public Tally notOffered(boolean quiet, int devices) {
            unupdated += devices;
            if (quiet) {
                quietUnupdated += devices;
            }
            return this;
        }

        public RingHealth health() {
            return new RingHealth(offered, count(Status.DOWNLOADING), count(Status.INSTALLING), count(Status.SUCCEEDED),
                    count(Status.FAILED), count(Status.SILENT), quietUnupdated, unupdated, count(Status.STUCK),
                    count(Status.REVERTED), count(Status.UNCONFIRMED));
        }

        private int count(Status status) {
            return byStatus[status.ordinal()];
        }
    }
}
