package dev.ringmaster.rollout;

/**
 * The SQL that tells whether a device's reported success was confirmed (DESIGN.md, "Rollouts, gates and halting": a
 * success counts only once the device checks in running the new version; one that comes back on the old version is
 * reverted). One definition for every gate that counts successes: the ring gate ({@link RingHealthQuery}) and the
 * tenant pilot gate ({@code FleetReader}); {@link dev.ringmaster.rollout.gate.DeviceStanding} judges from the two
 * answers.
 *
 * <p>Both expressions read the device's stored installed version of the release's product as {@code v} (a left join
 * of {@code device_installed_versions}); the arguments are SQL expressions of the query they go into. A success
 * records the release's version as installed, so over DDI, where devices report no versions, any sign of life after
 * the success confirms it; a native agent that comes back reporting another version has reverted, unless that
 * version is a later release it was offered since.
 */
public final class SuccessConfirmation {

    private SuccessConfirmation() {
    }

    /**
     * True when the device checked in running the release after its success.
     *
     * @param succeededAt    when the success was received; null when the device reported none
     * @param releaseVersion the release's version
     * @param lastSeen       when the device was last heard of
     */
    public static String runsRelease(String succeededAt, String releaseVersion, String lastSeen) {
        return "coalesce(%1$s IS NOT NULL AND v.version = %2$s AND %3$s > %1$s, false)"
                .formatted(succeededAt, releaseVersion, lastSeen);
    }

    /**
     * True when the device, after its success, runs another version that is not a later release it was offered since.
     *
     * @param productId the release's product
     * @param deviceId  the device
     */
    public static String runsOtherVersion(String succeededAt, String releaseVersion, String productId, String deviceId) {
        return """
                coalesce(%1$s IS NOT NULL AND v.version <> %2$s AND NOT EXISTS (
                    SELECT 1 FROM device_actions a JOIN releases later ON later.id = a.release_id
                    WHERE a.device_id = %4$s AND later.product_id = %3$s
                      AND later.version = v.version AND a.offered_at >= %1$s), false)"""
                .formatted(succeededAt, releaseVersion, productId, deviceId);
    }
}
