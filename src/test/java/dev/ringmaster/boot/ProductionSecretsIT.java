package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;
import dev.ringmaster.boot.PackagedService.Outcome;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service in the prod profile refuses to start on a shipped or missing secret, and names each one
 * with how to set it; given its own secrets it goes on to its next check. Issue 17: the ringmaster-admin client
 * secret from the realm file worked against a production deployment that kept it.
 */
class ProductionSecretsIT {

    /** Values an operator would choose; none is a shipped one. */
    private static final Map<String, String> OWN_SECRETS = Map.of(
            "RINGMASTER_KEYCLOAK_ADMIN_SECRET", "an-admin-secret-of-our-own",
            "RINGMASTER_CONSOLE_SECRET", "a-console-secret-of-our-own",
            "RINGMASTER_CONSOLE_STATE_SECRET", "s".repeat(40),
            "RINGMASTER_CONSOLE_SESSION_SECRET", "t".repeat(40),
            "RINGMASTER_SIGNING_KEY", "MC4CAQAwBQYDK2VwBCIEIGv0iJ0PjrP5LNq0eUiXfIv/4N1gFsUx1W6kYvV1eYQJ");

    @Test
    void withoutItsOwnSecretsProductionStopsAndNamesEachOne() throws Exception {
        Outcome outcome = run(Map.of("RINGMASTER_HTTP_PORT", Integer.toString(Ports.free())));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).hasSize(1);
        assertThat(outcome.stderr().getFirst()).startsWith("ringmaster: profile prod refuses to start without its own secrets")
                .contains("RINGMASTER_OIDC_URL is unset", "RINGMASTER_KEYCLOAK_ADMIN_SECRET (quarkus.keycloak.admin-client.client-secret) is unset",
                        "RINGMASTER_CONSOLE_SECRET (quarkus.oidc.console.credentials.secret) is unset",
                        "RINGMASTER_CONSOLE_STATE_SECRET", "RINGMASTER_CONSOLE_SESSION_SECRET", "RINGMASTER_SIGNING_KEY",
                        "QUARKUS_PROFILE=local");
    }

    @Test
    void theRealmFilesSecretsAreRefusedByName() throws Exception {
        Map<String, String> env = new HashMap<>(OWN_SECRETS);
        env.put("RINGMASTER_KEYCLOAK_ADMIN_SECRET", "ringmaster-admin-local-secret");
        env.put("RINGMASTER_CONSOLE_SECRET", "ringmaster-console-local-secret");
        env.put("RINGMASTER_CONSOLE_SESSION_SECRET", "too-short");
        env.put("RINGMASTER_OIDC_URL", "http://127.0.0.1:" + Ports.free() + "/realms/ringmaster");

        Outcome outcome = run(env);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).hasSize(1);
        assertThat(outcome.stderr().getFirst())
                .contains("RINGMASTER_KEYCLOAK_ADMIN_SECRET (quarkus.keycloak.admin-client.client-secret) still has the value shipped in the source")
                .contains("RINGMASTER_CONSOLE_SECRET (quarkus.oidc.console.credentials.secret) still has the value shipped in the source")
                .contains("RINGMASTER_CONSOLE_SESSION_SECRET (quarkus.oidc.console.token-state-manager.encryption-secret) is shorter than 32")
                .doesNotContain("RINGMASTER_CONSOLE_STATE_SECRET", "RINGMASTER_SIGNING_KEY", "RINGMASTER_OIDC_URL is unset");
    }

    @Test
    void withItsOwnSecretsProductionGetsPastTheCheck() throws Exception {
        Map<String, String> env = new HashMap<>(OWN_SECRETS);
        String oidc = "http://127.0.0.1:" + Ports.free() + "/realms/ringmaster";
        env.put("RINGMASTER_OIDC_URL", oidc);
        env.put("RINGMASTER_HTTP_PORT", Integer.toString(Ports.free()));

        Outcome outcome = run(env);

        // The next check, the OIDC server's reachability, is what stops it now.
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).hasSize(1);
        assertThat(outcome.stderr().getFirst()).startsWith("ringmaster: cannot reach the OIDC server at " + oidc);
    }

    private static Outcome run(Map<String, String> env) throws Exception {
        return PackagedService.runUntilItStops(env);
    }
}
