package dev.ringmaster.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link VersionTarget} needs to know about one release of a product.
 *
 * @param version           "MAJOR.MINOR.PATCH" with optional "-pre" and "+build"
 * @param completedAllRings the release's rollout went through every ring of its plan
 * @param publishedAt       null while the release is a draft
 * @param halted            the release was halted, withdrawn or rolled back: it is never a target again, and n-1 / n-2
 *                          do not count it (halting is final, so "halted now" and "ever halted" are the same)
 * @param rollbackOf        for a rollback release, the version of the release it rolls back; null otherwise
 */
public record ReleaseFacts(String version, boolean completedAllRings, Instant publishedAt, boolean halted,
                           String rollbackOf) {

    public ReleaseFacts {
        Objects.requireNonNull(version, "version");
        SemanticVersion.parse(version); // reject a malformed version here rather than when ordering
    }

    /** A release that was neither halted nor is a rollback. */
    public ReleaseFacts(String version, boolean completedAllRings, Instant publishedAt) {
        this(version, completedAllRings, publishedAt, false, null);
    }

    SemanticVersion semanticVersion() {
        return SemanticVersion.parse(version);
    }

    public boolean rollback() {
        return rollbackOf != null;
    }
}
