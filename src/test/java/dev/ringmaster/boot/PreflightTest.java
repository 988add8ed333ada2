package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad configuration ends in one line that says what to fix. */
class PreflightTest {

    @Test
    void aPortInUseIsNamedWithTheSettingToChange() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> Preflight.requireFreePort(taken.getLocalPort(), "Ringmaster's HTTP server", "RINGMASTER_HTTP_PORT"))
                    .isInstanceOf(StartupProblem.class)
                    .hasMessage("port " + taken.getLocalPort() + " for Ringmaster's HTTP server is already in use; "
                            + "stop what holds it or set RINGMASTER_HTTP_PORT to a free port");
        }
        Preflight.requireFreePort(Ports.free(), "Ringmaster's HTTP server", "RINGMASTER_HTTP_PORT");
    }

    @Test
    void anUnreachableDatabaseIsOneLine() {
        String url = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/ringmaster";

        assertThatThrownBy(() -> Preflight.requireDatabase(url, "ringmaster", "secret"))
                .isInstanceOf(StartupProblem.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at " + url + " (")
                .hasMessageEndingWith("or unset RINGMASTER_DB_URL to use the embedded database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aNonPostgresUrlIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> Preflight.requireDatabase("jdbc:mysql://db/ringmaster", null, null))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("must be a PostgreSQL JDBC URL");
    }

    @Test
    void anUnreachableOidcServerIsOneLine() {
        String url = "http://127.0.0.1:" + Ports.free() + "/realms/ringmaster";

        assertThatThrownBy(() -> Preflight.requireOidcServer(url))
                .isInstanceOf(StartupProblem.class)
                .hasMessageStartingWith("cannot reach the OIDC server at " + url)
                .hasMessageEndingWith("fix RINGMASTER_OIDC_URL, or unset it to start the local Keycloak");
    }

    @Test
    void settingsComeFromSystemPropertiesThenEnvironment() {
        Properties system = new Properties();
        system.setProperty("quarkus.http.port", "9090");
        StartupSettings settings = StartupSettings.from(
                Map.of("RINGMASTER_DB_URL", "jdbc:postgresql://db:5432/rm", "QUARKUS_HTTP_PORT", "7070",
                        "RINGMASTER_OIDC_URL", "  "), system);

        assertThat(settings.httpPort()).isEqualTo(9090);
        assertThat(settings.databaseUrl()).contains("jdbc:postgresql://db:5432/rm");
        assertThat(settings.oidcUrl()).isEmpty();
        assertThat(settings.keycloakPort()).isEqualTo(8180);
    }

    @Test
    void aPortThatIsNoNumberIsNamed() {
        assertThatThrownBy(() -> StartupSettings.from(Map.of("RINGMASTER_HTTP_PORT", "80a"), new Properties()))
                .isInstanceOf(StartupProblem.class)
                .hasMessage("quarkus.http.port (RINGMASTER_HTTP_PORT) must be a port number 1-65535, not '80a'");
    }
}
