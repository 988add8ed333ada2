package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service, started as an operator would with a wrong setting: it must stop quickly with exit
 * code 2 and one line on stderr saying what to fix.
 */
class StartupFailFastIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    record Outcome(int exitCode, List<String> stderr) {
    }

    @Test
    void unreachableExternalDatabase() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/ringmaster";

        Outcome outcome = run(Map.of("RINGMASTER_DB_URL", url, "RINGMASTER_HTTP_PORT", Integer.toString(Ports.free())));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).hasSize(1);
        assertThat(outcome.stderr().getFirst()).startsWith("ringmaster: cannot connect to PostgreSQL at " + url);
    }

    @Test
    void httpPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Outcome outcome = run(Map.of("RINGMASTER_HTTP_PORT", Integer.toString(taken.getLocalPort())));

            assertThat(outcome.exitCode()).isEqualTo(2);
            assertThat(outcome.stderr()).containsExactly("ringmaster: port " + taken.getLocalPort()
                    + " for Ringmaster's HTTP server is already in use; stop what holds it or set RINGMASTER_HTTP_PORT to a free port");
        }
    }

    @Test
    void keycloakPortInUseIsNamedBeforeAnythingStarts() throws Exception {
        Path data = Files.createTempDirectory("ringmaster-data");
        try (ServerSocket taken = new ServerSocket(0)) {
            Outcome outcome = run(Map.of("RINGMASTER_KEYCLOAK_PORT", Integer.toString(taken.getLocalPort()),
                    "RINGMASTER_HTTP_PORT", Integer.toString(Ports.free()), "RINGMASTER_DATA_DIR", data.toString()));

            assertThat(outcome.exitCode()).isEqualTo(2);
            assertThat(outcome.stderr()).containsExactly("ringmaster: port " + taken.getLocalPort()
                    + " for the local Keycloak is already in use; stop what holds it or set RINGMASTER_KEYCLOAK_PORT to a free port");
            assertThat(data.resolve("postgres")).as("nothing was started").doesNotExist();
        }
    }

    @Test
    void unreachableOidcServer() throws Exception {
        String url = "http://127.0.0.1:" + Ports.free() + "/realms/ringmaster";

        Outcome outcome = run(Map.of("RINGMASTER_OIDC_URL", url, "RINGMASTER_HTTP_PORT", Integer.toString(Ports.free())));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).hasSize(1);
        assertThat(outcome.stderr().getFirst()).startsWith("ringmaster: cannot reach the OIDC server at " + url);
    }

    private static Outcome run(Map<String, String> env) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged service").exists();
        Path stderr = Files.createTempFile("ringmaster-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RINGMASTER_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service did not stop within 60 s");
        }
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        Files.delete(stderr);
        return new Outcome(process.exitValue(), lines);
    }
}
