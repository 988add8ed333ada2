package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link VersionTarget} needs to know about one release of a product.
 *
 * @param version           "MAJOR.MINOR.PATCH" with optional "-pre"
 * @param completedAllRings the release's rollout went through every ring of its plan
 * @param publishedAt       null while the release is a draft
 */
public record ReleaseFacts(String version, boolean completedAllRings, Instant publishedAt) {

    public ReleaseFacts {
        Objects.requireNonNull(version, "version");
        SemanticVersion.parse(version); // reject a malformed version here rather than when ordering
    }

    SemanticVersion semanticVersion() {
        return SemanticVersion.parse(version);
    }
}
