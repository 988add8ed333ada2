package dev.ringmaster.device.checkin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ringmaster.device.offer.WaitReason;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a check-in: {@code install} with the release, its signed manifest and its artifacts,
 * {@code cancel} with the action to stop (and come back at {@code retryAt}), or {@code wait} until {@code retryAt}. The {@code Retry-After} header of every answer, 304s included, says
 * the same in seconds from now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckInAnswer(String decision, Instant retryAt, WaitReason reason, Offered release, Cancel cancel) {

    public static final String INSTALL = "install";
    public static final String WAIT = "wait";
    /** Stop the install of {@code cancel}'s action: its rollout stopped. The device reports {@code cancelled} for it. */
    public static final String CANCEL = "cancel";

    public CheckInAnswer(String decision, Instant retryAt, WaitReason reason, Offered release) {
        this(decision, retryAt, reason, release, null);
    }

    /** The action to stop, and what it was installing. */
    public record Cancel(long actionId, String product, String version, UUID releaseId, UUID rolloutId) {
    }

    /** {@code manifest} is the exact canonical text the Ed25519 {@code signature} covers. */
    public record Offered(long actionId, String product, String version, String kind, UUID releaseId, UUID rolloutId,
                          String manifest, String signature, String keyId, List<ArtifactLink> artifacts) {
    }

    public record ArtifactLink(String name, long sizeBytes, String sha256, String url) {
    }
}
