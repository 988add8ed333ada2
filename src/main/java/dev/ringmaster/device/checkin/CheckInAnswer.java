package dev.ringmaster.device.checkin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ringmaster.device.offer.WaitReason;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a check-in: {@code install} with the release, its signed manifest and its artifacts, or
 * {@code wait} until {@code retryAt}. The {@code Retry-After} header of every answer, 304s included, says
 * the same in seconds from now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckInAnswer(String decision, Instant retryAt, WaitReason reason, Offered release) {

    public static final String INSTALL = "install";
    public static final String WAIT = "wait";

    /** {@code manifest} is the exact canonical text the Ed25519 {@code signature} covers. */
    public record Offered(long actionId, String product, String version, String kind, UUID releaseId, UUID rolloutId,
                          String manifest, String signature, String keyId, List<ArtifactLink> artifacts) {
    }

    public record ArtifactLink(String name, long sizeBytes, String sha256, String url) {
    }
}
