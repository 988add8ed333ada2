package dev.ringmaster.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The service under load: either the packaged service ({@code target/quarkus-app}) started here in the local
 * profile, with its own data directory, ports and Keycloak, or one already running at a URL. Only a service
 * started here can be restarted (for the cold first contact) and has its CPU read without being told the pids.
 */
final class BenchService implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final URI url;
    private final URI keycloak;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final Path dataDir;
    private Process process;
    private ServerCpu cpu;

    private BenchService(URI url, URI keycloak, List<String> command, Map<String, String> env, Path log, Path dataDir, ServerCpu cpu) {
        this.url = url;
        this.keycloak = keycloak;
        this.command = command;
        this.env = env;
        this.log = log;
        this.dataDir = dataDir;
        this.cpu = cpu;
    }

    /** A service somebody else runs; {@code jvmPid}/{@code postgresPid} 0 when not given. */
    static BenchService running(URI url, URI keycloak, long jvmPid, long postgresPid) {
        return new BenchService(url, keycloak, null, null, null, null, new ServerCpu(jvmPid, postgresPid));
    }

    /**
     * Starts the packaged service with the data under {@code dataDir}, the sample tenants loaded and free ports.
     * {@code jvmOptions} e.g. {@code -Xmx1g}; {@code extraEnv} settings for this run (e.g. the blast radius).
     */
    static BenchService start(Path dataDir, List<String> jvmOptions, Map<String, String> extraEnv) throws IOException, InterruptedException {
        int http = freePort();
        int keycloakPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QUARKUS_PROFILE", "local",
                "RINGMASTER_DATA_DIR", dataDir.toAbsolutePath().toString(),
                "RINGMASTER_SAMPLES_DIR", Path.of("tenants-sample").toAbsolutePath().toString(),
                "RINGMASTER_HTTP_PORT", Integer.toString(http),
                "RINGMASTER_KEYCLOAK_PORT", Integer.toString(keycloakPort),
                "RINGMASTER_MANAGEMENT_PORT", Integer.toString(freePort())));
        env.putAll(extraEnv);
        BenchService service = new BenchService(URI.create("http://127.0.0.1:" + http), URI.create("http://localhost:" + keycloakPort),
                command, env, dataDir.resolve("service.log"), dataDir, null);
        service.launch();
        return service;
    }

    URI url() {
        return url;
    }

    URI keycloak() {
        return keycloak;
    }

    ServerCpu cpu() {
        return cpu;
    }

    boolean restartable() {
        return command != null;
    }

    /** Stops the service (SIGTERM: it stops its Keycloak and PostgreSQL) and starts it again on the same data. */
    void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("RINGMASTER_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady(Duration.ofMinutes(6));
        cpu = new ServerCpu(process.pid(), ServerCpu.postmasterOf(dataDir.resolve("postgres")).orElse(0));
    }

    private void awaitReady(Duration within) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service stopped while starting; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(url.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service was not ready within " + within + "; see " + log);
    }

    private void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * A port free now, below Linux's range for outgoing connections (32768 and up): the service keeps its ports when
     * it is restarted, and a port of that range, handed out by the kernel as the local end of one of the fleet's
     * connections in the meantime, stopped a restart with "Address already in use".
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
