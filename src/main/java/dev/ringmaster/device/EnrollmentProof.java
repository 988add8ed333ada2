package dev.ringmaster.device;

import java.time.Instant;
import java.util.Optional;

/**
 * What entitles an enrollment to a device id. An id nobody holds a token for (new, or imported and never enrolled)
 * is free to take; an enrolled one is taken again only with its current token, or within a tenant admin's
 * re-provisioning, so an enrollment key alone can never take over a working device.
 */
enum EnrollmentProof {
    /** No device holds a token for the id. */
    UNCLAIMED("enroll"),
    /** The request carried the device's current token: the device itself, e.g. after a reinstall. */
    CURRENT_TOKEN("current-token"),
    /** A tenant admin re-provisioned the device, e.g. a replaced board that lost its token. */
    REPROVISIONED("reprovision"),
    NONE(null);

    private final String auditName;

    EnrollmentProof(String auditName) {
        this.auditName = auditName;
    }

    String auditName() {
        return auditName;
    }

    /**
     * @param currentTokenHash   the hash of the device's token, null when it has none
     * @param presentedTokenHash the hash of the token the enrollment request carried, if any
     * @param reprovisionUntil   the end of the device's re-provisioning, null when there is none
     */
    static EnrollmentProof of(String currentTokenHash, Optional<String> presentedTokenHash, Instant reprovisionUntil, Instant now) {
        if (currentTokenHash == null) {
            return UNCLAIMED;
        }
        if (presentedTokenHash.filter(currentTokenHash::equals).isPresent()) {
            return CURRENT_TOKEN;
        }
        if (reprovisionUntil != null && now.isBefore(reprovisionUntil)) {
            return REPROVISIONED;
        }
        return NONE;
    }
}
