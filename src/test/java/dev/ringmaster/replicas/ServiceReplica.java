package dev.ringmaster.replicas;

import dev.ringmaster.localstack.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One instance of the packaged service (target/quarkus-app) on a free port, configured by its environment. */
final class ServiceReplica implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(3);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceReplica(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the jar with {@code env} (plus its own HTTP port); {@link #awaitReady()} waits for it. */
    static ServiceReplica start(String name, Map<String, String> env) throws IOException {
        return start(name, env, Ports.free());
    }

    /** As {@link #start(String, Map)}, on {@code port}: a restarted instance is found where its devices knew it. */
    static ServiceReplica start(String name, Map<String, String> env, int port) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("the packaged service is missing: " + JAR.toAbsolutePath());
        }
        Path log = Path.of("target", "replicas", name + ".log");
        Files.createDirectories(log.getParent());
        // C1 only and the serial collector: a replica's start is CPU-bound on a small machine, and what these tests
        // check does not depend on peak speed; C2's and G1's threads only competed with the start for the cores.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("RINGMASTER_") || key.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        builder.environment().put("RINGMASTER_HTTP_PORT", Integer.toString(port));
        builder.environment().put("RINGMASTER_MANAGEMENT_PORT", Integer.toString(Ports.free()));
        return new ServiceReplica(name, port, builder.start(), log);
    }

    void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(BOOT_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("replica " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            // Often enough that a restart measured and waited for ten times in a row is not rounded up by much.
            Thread.sleep(100);
        }
        throw new IllegalStateException("replica " + name + " was not ready within " + BOOT_LIMIT + "; see " + log);
    }

    /** Its base URL on the loopback address the realm accepts redirects to on any port. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String authority() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL ({@code destroyForcibly} on Linux): no shutdown hook runs, nothing is drained or flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("replica " + name + " outlived SIGKILL by 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
