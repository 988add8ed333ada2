package dev.ringmaster.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What PostgreSQL's {@code postmaster.pid} says about the server running on a data directory: its process
 * and its port (lines 1 and 4 of the file).
 */
public record PostmasterPidFile(long pid, int port) {

    public static Optional<PostmasterPidFile> in(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return Optional.of(new PostmasterPidFile(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim())));
        } catch (IOException | RuntimeException e) {
            // no server, or one still writing the file
            return Optional.empty();
        }
    }
}
