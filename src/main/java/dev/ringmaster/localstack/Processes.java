package dev.ringmaster.localstack;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Stopping a process and what it started: a polite signal first, a kill when it does not listen. */
final class Processes {

    private Processes() {
    }

    /** Sends SIGTERM to the process and its descendants, and SIGKILL to whatever is left after {@code grace}. */
    static void stop(ProcessHandle process, Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Whether the live process {@code pid}, or one it started, has {@code fragment} in its command line (so is
     * the one we mean: kc.sh's own line names nothing of ours, the Keycloak JVM it starts does).
     */
    static boolean runsWith(long pid, String fragment) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(process -> Stream.concat(Stream.of(process), process.descendants())
                        .anyMatch(member -> member.info().commandLine().filter(line -> line.contains(fragment)).isPresent()))
                .orElse(false);
    }
}
