package dev.ringmaster.localstack;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops the local stack's child processes when this JVM ends without closing the stack (SIGKILL, a crash,
 * an OOM kill). A small shell process reads the children's pids from a pipe whose other end only this JVM
 * holds; the kernel closes that end however the JVM ends, so the shell sees end-of-input at once and signals
 * the children. A clean close tells it to let go first, so it never signals a pid that may be reused.
 */
public final class ChildWatchdog implements AutoCloseable {

    /** How long a child gets to stop after its signal before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(15);

    // Ctrl-C reaches the whole terminal process group; the watchdog must outlive it to do its job.
    private static final String SCRIPT = """
            trap '' INT HUP
            targets=""
            while read -r signal pid; do
              [ "$signal" = release ] && exit 0
              targets="$signal:$pid $targets"
            done
            for target in $targets; do kill -s "${target%%:*}" -- "${target#*:}" 2>/dev/null; done
            sleep GRACE_SECONDS
            for target in $targets; do kill -s KILL -- "${target#*:}" 2>/dev/null; done
            """.replace("GRACE_SECONDS", Long.toString(GRACE.toSeconds()));

    private final Process shell;
    private final Writer pipe;

    private ChildWatchdog(Process shell) {
        this.shell = shell;
        this.pipe = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
    }

    public static ChildWatchdog start() {
        try {
            return new ChildWatchdog(new ProcessBuilder("/bin/sh", "-c", SCRIPT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            throw new LocalStackException("cannot start the watchdog for the local stack: " + e.getMessage(), e);
        }
    }

    /** On this JVM's death, sends {@code signal} (TERM, INT...) to the process. */
    public void watchProcess(String signal, long pid) {
        send(signal + " " + pid);
    }

    /** On this JVM's death, sends {@code signal} to every process of the group led by {@code leader}. */
    public void watchGroup(String signal, long leader) {
        send(signal + " -" + leader);
    }

    private synchronized void send(String line) {
        try {
            pipe.write(line + "\n");
            pipe.flush();
        } catch (IOException e) {
            throw new LocalStackException("the watchdog for the local stack is gone: " + e.getMessage(), e);
        }
    }

    /** Lets go of the children; call once they are stopped. */
    @Override
    public synchronized void close() {
        try {
            pipe.write("release\n");
            pipe.close();
            shell.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // already gone: nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shell.destroy();
    }
}
