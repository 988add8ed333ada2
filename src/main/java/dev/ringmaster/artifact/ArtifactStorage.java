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

    /** Keeps a measured file under its key, taking it over (the file is moved or deleted). */
    void keep(Path measured, String key) throws IOException;

    boolean has(String key);

    /** {@code length} bytes from {@code first}. */
    InputStream open(String key, long first, long length) throws IOException;

    /** The stored file itself when it is on a local file system, so it can be sent without copying. */
    Optional<Path> file(String key);

    /** A folder for the partial files of uploads under way (on the same file system as the store when it is a folder). */
    Path staging() throws IOException;
}
