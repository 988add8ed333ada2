package dev.ringmaster.release;

import dev.ringmaster.artifact.Intake;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Uploading files into a draft release and removing them. A published release's files are signed into its
 * manifest and never change, so both are refused once it is published.
 */
@ApplicationScoped
public class ReleaseArtifacts {

    /** What the vendor says the file is; each part is checked when given. */
    public record Declared(Long sizeBytes, String sha256) {
    }

    /** A file name, no path: it becomes part of download URLs and of the name agents write to disk. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Inject
    Releases releases;

    @Inject
    Intake intake;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /**
     * The draft is checked before the body is read (a refused upload is not received) and again, locked,
     * when the measured file is recorded, since it may have been published meanwhile. The body is received
     * outside any transaction: a multi-GB upload holds no connection.
     */
    public ReleaseResource.ReleaseView upload(String productKey, String version, String name, Declared declared, InputStream body) {
        if (declared.sizeBytes() != null && declared.sizeBytes() > intake.limit()) {
            throw new dev.ringmaster.api.input.InputRefused(413, "size", "an artifact may be at most " + intake.limit() + " bytes");
        }
        QuarkusTransaction.requiringNew().run(() -> requireNewName(requireDraft(productKey, version), name));
        Intake.Received received = intake.receive(body, Optional.ofNullable(declared.sha256()));
        if (declared.sizeBytes() != null && declared.sizeBytes() != received.size()) {
            received.discard();
            throw new UnprocessableException("size", "the file has " + received.size() + " bytes, not the " + declared.sizeBytes() + " declared");
        }
        if (declared.sha256() != null && !declared.sha256().equals(received.sha256())) {
            received.discard();
            throw new UnprocessableException("sha256", "the file's SHA-256 is " + received.sha256() + ", not the one declared");
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Release release = requireDraft(productKey, version);
                requireNewName(release, name);
                intake.keep(received);
                Artifact artifact = new Artifact();
                artifact.id = UUID.randomUUID();
                artifact.release = release;
                artifact.name = name;
                artifact.sizeBytes = received.size();
                artifact.sha256 = received.sha256();
                artifact.sha1 = received.sha1();
                artifact.md5 = received.md5();
                artifact.storageKey = received.sha256();
                artifact.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
                artifact.persist();
                release.artifacts.add(artifact);
                audit.record(null, "release.artifact.upload", "release", release.id, null,
                        Map.of("name", name, "sizeBytes", received.size(), "sha256", received.sha256()));
                return Releases.view(release);
            });
        } finally {
            received.discard(); // does nothing once kept; otherwise the upload was refused and leaves nothing
        }
    }

    /** Removes a file from a draft; the stored content stays, as another release may hold the same file. */
    public ReleaseResource.ReleaseView remove(String productKey, String version, String name) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Release release = requireDraft(productKey, version);
            Artifact artifact = release.artifacts.stream().filter(a -> a.name.equals(name)).findFirst()
                    .orElseThrow(() -> new NotFoundException("release " + version + " has no artifact '" + name + "'"));
            release.artifacts.remove(artifact);
            artifact.delete();
            audit.record(null, "release.artifact.remove", "release", release.id,
                    Map.of("name", name, "sizeBytes", artifact.sizeBytes, "sha256", artifact.sha256), null);
            return Releases.view(release);
        });
    }

    /** The edge's check of a name, for the API and the console alike. */
    public static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UnprocessableException("name", "must be a file name of letters, digits, '.', '_', '+' and '-' (at most 200), starting with a letter or digit");
        }
    }

    /** A declared SHA-256, when there is one. */
    public static void requireSha256(String sha256) {
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new UnprocessableException("sha256", "must be 64 lower-case hex digits");
        }
    }

    private Release requireDraft(String productKey, String version) {
        Release release = releases.locked(productKey, version);
        if (release.state != ReleaseState.DRAFT) {
            throw new ConflictException("release " + version + " is " + release.state.key()
                    + "; its artifacts are signed into its manifest and cannot change");
        }
        return release;
    }

    private static void requireNewName(Release release, String name) {
        if (release.artifacts.stream().anyMatch(artifact -> artifact.name.equals(name))) {
            throw new ConflictException("release " + release.version + " already has an artifact '" + name + "'");
        }
    }
}
