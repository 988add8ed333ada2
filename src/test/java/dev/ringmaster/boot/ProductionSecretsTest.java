package dev.ringmaster.boot;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionSecretsTest {

    @Test
    void theLocalProfileKeepsItsConveniences() {
        assertThatCode(() -> ProductionSecrets.require(StartupSettings.lookup(Map.of("QUARKUS_PROFILE", "local"), new Properties())))
                .doesNotThrowAnyException();
    }

    @Test
    void aSystemPropertyCountsAsTheEnvironmentDoes() {
        Properties system = new Properties();
        system.setProperty("quarkus.oidc.console.credentials.secret", "ringmaster-console-local-secret");
        assertThatThrownBy(() -> ProductionSecrets.require(StartupSettings.lookup(Map.of(), system)))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("profile prod refuses")
                .hasMessageContaining("RINGMASTER_CONSOLE_SECRET (quarkus.oidc.console.credentials.secret) still has the value shipped in the source");
    }

    @Test
    void everySecretOfItsOwnPasses() {
        Map<String, String> env = Map.of(
                "RINGMASTER_OIDC_URL", "https://login.example.com/realms/ringmaster",
                "QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET", "admin-secret-of-our-own",
                "RINGMASTER_CONSOLE_SECRET", "console-secret-of-our-own",
                "RINGMASTER_CONSOLE_STATE_SECRET", "s".repeat(32),
                "RINGMASTER_CONSOLE_SESSION_SECRET", "t".repeat(32),
                "RINGMASTER_SIGNING_KEY", "a-key");
        assertThatCode(() -> ProductionSecrets.require(StartupSettings.lookup(env, new Properties()))).doesNotThrowAnyException();
    }
}
