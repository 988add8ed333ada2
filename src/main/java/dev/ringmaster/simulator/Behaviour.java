package dev.ringmaster.simulator;

/** How a virtual device behaves once enrolled. */
public enum Behaviour {
    /** Checks in, installs what it is offered, reports every step and success. */
    HEALTHY,
    /** Installs, then reports failure. */
    REPORTS_FAILURE,
    /** Is offered a release and then never says anything again: the update bricked it. */
    SILENT_BRICK,
    /** Healthy, but a share of its requests are lost; it retries, resending reports with the same event ids. */
    FLAKY_NETWORK,
    /** Enrolls and is never heard of again (switched off, out of coverage). */
    OFFLINE
}
