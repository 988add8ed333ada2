package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;
import dev.ringmaster.boot.PackagedService.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service, started as an operator would with a wrong setting: it must stop quickly with exit
 * code 2 and one line on stderr saying what to fix.
 */
class StartupFailFastIT {

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
        // These mistakes are the local run's; ProductionSecretsIT covers what production refuses first.
        Map<String, String> local = new java.util.HashMap<>(env);
        local.put("QUARKUS_PROFILE", "local");
        return PackagedService.runUntilItStops(local);
    }
}
