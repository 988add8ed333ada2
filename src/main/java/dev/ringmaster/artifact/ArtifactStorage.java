package dev.ringmaster.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where uploaded artifacts live, named by their SHA-256 (so a file uploaded twice is kept once, and a key
 * never names two contents). Every replica reads the same store: nothing is copied per replica.
 */
public interface ArtifactStorage {

    /**
     * A file being received. Its bytes are written as they arrive and only become visible under a key when
     * kept; a discarded upload leaves nothing behind.
     */
    interface Upload {

        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Makes what was written the content of {@code key}; if the key already holds it, drops the copy. */
        void keep(String key) throws IOException;

        /** Drops whatever was written; does nothing once kept or discarded. */
        void discard();
    }

    /**
     * Starts receiving a file. {@code expectedKey} is the key the file should end under when the vendor declared
     * it, so a store that cannot rename (S3) writes there directly and keeps it only if it matches.
     */
    Upload begin(Optional<String> expectedKey) throws IOException;

    boolean has(String key);

    /** {@code length} bytes from {@code first}, streamed from where the store keeps them. */
    InputStream open(String key, long first, long length) throws IOException;

    /** The stored file itself when it is on a local file system, so it can be sent without copying. */
    Optional<Path> file(String key);
}
