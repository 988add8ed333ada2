package dev.ringmaster.artifact;

import dev.ringmaster.api.input.InputRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Receives an upload: the body goes to the store's upload in buffers of 64 KiB while its size and digests are
 * computed (SHA-256, which the release vouches for, and the SHA-1 and MD5 hawkBit agents check, so no replica has to
 * read the file again for them), so a file of any size costs the same memory. Nothing becomes a stored artifact until the caller keeps it.
 */
@ApplicationScoped
public class Intake {

    /** A file received in full and measured, not yet kept in the store. */
    public record Received(ArtifactStorage.Upload upload, long size, String sha256, String sha1, String md5) {

        public void discard() {
            upload.discard();
        }
    }

    @Inject
    ArtifactSettings settings;

    @Inject
    ArtifactStorage storage;

    public long limit() {
        return settings.maxSize().asLongValue();
    }

    /** {@code declaredSha256}, when the vendor gave one, lets the store write the file where it will be kept. */
    public Received receive(InputStream body, Optional<String> declaredSha256) {
        long limit = limit();
        ArtifactStorage.Upload upload;
        try {
            upload = storage.begin(declaredSha256);
        } catch (IOException e) {
            throw new IllegalStateException("no room to receive an upload: " + e.getMessage(), e);
        }
        boolean received = false;
        try (InputStream in = body) {
            ContentDigests digests = new ContentDigests();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int read; (read = in.read(buffer)) >= 0; ) {
                size += read;
                if (size > limit) {
                    throw new InputRefused(413, "body", "an artifact may be at most " + limit + " bytes");
                }
                digests.update(buffer, 0, read);
                upload.write(buffer, 0, read);
            }
            received = true;
            ContentDigests.Values measured = digests.values();
            return new Received(upload, size, measured.sha256(), measured.sha1(), measured.md5());
        } catch (IOException e) {
            throw new InputRefused(400, "body", "the upload broke off: " + e.getMessage());
        } finally {
            if (!received) {
                upload.discard(); // whatever stopped it, a partial upload is never kept
            }
        }
    }

    public void keep(Received received) {
        try {
            received.upload().keep(received.sha256());
        } catch (IOException e) {
            received.discard();
            throw new UncheckedIOException("the artifact could not be stored", e);
        }
    }
}
