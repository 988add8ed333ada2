package dev.ringmaster.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code local-stack.pids} in the data directory: which JVM ran the local stack and which child processes it
 * started. A clean stop removes it; if it is still there at the next start, the earlier run ended without
 * stopping its children, and {@link #stopLeftovers} stops the ones still running — only a process whose
 * command line names this data directory, never whatever else now holds a recorded pid or a port.
 */
public final class StackPidFile {

    private static final String FILE = "local-stack.pids";
    private static final String OWNER = "owner";
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

    private final Path file;

    private StackPidFile(Path file) {
        this.file = file;
    }

    /** Starts a new record for this JVM; call after {@link #stopLeftovers}. */
    static StackPidFile create(Path dataDir) {
        StackPidFile pids = new StackPidFile(dataDir.resolve(FILE));
        try {
            Files.createDirectories(dataDir);
            Files.writeString(pids.file, OWNER + " " + ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new LocalStackException("cannot write " + pids.file + ": " + e.getMessage(), e);
        }
        return pids;
    }

    void add(String name, long pid) {
        try {
            Files.writeString(file, name + " " + pid + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LocalStackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is checked against the live processes at the next start
        }
    }

    /**
     * Stops what an earlier run on {@code dataDir} left running, unless that run is still alive.
     *
     * @return what was stopped, one line each, for the operator
     */
    public static List<String> stopLeftovers(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        List<String> stopped = new ArrayList<>();
        if (!Files.exists(file)) {
            return stopped;
        }
        List<String[]> entries;
        try (var lines = Files.lines(file)) {
            entries = lines.filter(line -> line.matches("[a-z]+ [0-9]{1,18}")).map(line -> line.split(" ")).toList();
        } catch (IOException e) {
            throw new LocalStackException("cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean ownerAlive = entries.stream().filter(fields -> fields[0].equals(OWNER))
                .anyMatch(fields -> Processes.runsWith(Long.parseLong(fields[1]), "java"));
        if (ownerAlive) {
            return stopped;
        }
        // Keycloak first (recorded last), then the database it holds connections to.
        for (String[] fields : entries.reversed()) {
            long pid = Long.parseLong(fields[1]);
            if (!fields[0].equals(OWNER) && Processes.runsWith(pid, dataDir.toString())) {
                ProcessHandle.of(pid).ifPresent(process -> Processes.stop(process, STOP_LIMIT));
                stopped.add(fields[0] + " (pid " + pid + ")");
            }
        }
        new StackPidFile(file).remove();
        return stopped;
    }
}
