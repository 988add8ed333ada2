package dev.ringmaster.artifact;

import dev.ringmaster.api.input.InputRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Receives an upload: the body goes to a partial file in buffers of 64 KiB while its size and SHA-256 are
 * computed, so a file of any size costs the same memory. Nothing reaches the store until the caller keeps it.
 */
@ApplicationScoped
public class Intake {

    /** A file received in full and measured, not yet in the store. */
    public record Received(Path file, long size, String sha256) {

        public void discard() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    ArtifactSettings settings;

    @Inject
    ArtifactStorage storage;

    public long limit() {
        return settings.maxSize().asLongValue();
    }

    public Received receive(InputStream body) {
        long limit = limit();
        Path partial;
        try {
            partial = Files.createTempFile(storage.staging(), "upload-", ".part");
        } catch (IOException e) {
            throw new IllegalStateException("no room to receive an upload: " + e.getMessage(), e);
        }
        boolean received = false;
        try (InputStream in = body; OutputStream out = Files.newOutputStream(partial)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int read; (read = in.read(buffer)) >= 0; ) {
                size += read;
                if (size > limit) {
                    throw new InputRefused(413, "body", "an artifact may be at most " + limit + " bytes");
                }
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            received = true;
            return new Received(partial, size, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new InputRefused(400, "body", "the upload broke off: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!received) {
                new Received(partial, 0, "").discard(); // whatever stopped it, a partial file is never kept
            }
        }
    }

    public void keep(Received received) {
        try {
            storage.keep(received.file(), received.sha256());
        } catch (IOException e) {
            received.discard();
            throw new UncheckedIOException("the artifact could not be stored", e);
        }
    }
}
