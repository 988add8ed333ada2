package dev.ringmaster.boot;

import dev.ringmaster.localstack.LocalKeycloak;

import java.util.List;
import java.util.Optional;

/**
 * Production never runs on a secret that shipped with the source or that nobody chose: the realm file's client
 * secrets are public, and secrets generated per process break several replicas and every restart. The local
 * profile ({@code ./ringmaster up}) and the tests keep those conveniences; every other profile is checked.
 */
public final class ProductionSecrets {

    /** The profile where shipped secrets stay allowed; {@code ./ringmaster up} runs in it. */
    public static final String LOCAL_PROFILE = "local";

    /** One secret setting: its property, its environment names, the value it shipped with, how to set it. */
    record Secret(String property, String quarkusEnv, String alias, Optional<String> shipped, int minLength, String hint) {
    }

    static final List<Secret> SECRETS = List.of(
            new Secret("quarkus.keycloak.admin-client.client-secret", "QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET",
                    "RINGMASTER_KEYCLOAK_ADMIN_SECRET", Optional.of(LocalKeycloak.ADMIN_CLIENT_SECRET), 1,
                    "regenerate the ringmaster-admin client's secret in Keycloak and set it"),
            new Secret("quarkus.oidc.console.credentials.secret", "QUARKUS_OIDC_CONSOLE_CREDENTIALS_SECRET",
                    "RINGMASTER_CONSOLE_SECRET", Optional.of(LocalKeycloak.CONSOLE_CLIENT_SECRET), 1,
                    "regenerate the ringmaster-console client's secret in Keycloak and set it"),
            new Secret("quarkus.oidc.console.authentication.state-secret", "QUARKUS_OIDC_CONSOLE_AUTHENTICATION_STATE_SECRET",
                    "RINGMASTER_CONSOLE_STATE_SECRET", Optional.empty(), 32, "set at least 32 random characters"),
            new Secret("quarkus.oidc.console.token-state-manager.encryption-secret",
                    "QUARKUS_OIDC_CONSOLE_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", "RINGMASTER_CONSOLE_SESSION_SECRET",
                    Optional.empty(), 32, "set at least 32 random characters"),
            new Secret("ringmaster.signing.private-key", "RINGMASTER_SIGNING_PRIVATE_KEY", "RINGMASTER_SIGNING_KEY",
                    Optional.empty(), 1, "set the base64 PKCS#8 Ed25519 key devices trust (docs/releases.md)"));

    private ProductionSecrets() {
    }

    /** The active profile as Quarkus will see it; a packaged service runs in prod unless told otherwise. */
    static String profile(StartupSettings.Lookup lookup) {
        return lookup.first("quarkus.profile", "QUARKUS_PROFILE", "QUARKUS_PROFILE").orElse("prod");
    }

    /** Refuses the start, naming every offending setting, unless the profile is the local one. */
    static void require(StartupSettings.Lookup lookup) {
        String profile = profile(lookup);
        if (profile.equals(LOCAL_PROFILE) || profile.equals("dev") || profile.equals("test")) {
            return;
        }
        List<String> problems = new java.util.ArrayList<>();
        if (lookup.first("quarkus.oidc.auth-server-url", "QUARKUS_OIDC_AUTH_SERVER_URL", "RINGMASTER_OIDC_URL").isEmpty()) {
            problems.add("RINGMASTER_OIDC_URL is unset, so the local Keycloak would run with the realm file's shipped client "
                    + "secrets: point it at your Keycloak realm");
        }
        for (Secret secret : SECRETS) {
            Optional<String> value = lookup.first(secret.property(), secret.quarkusEnv(), secret.alias());
            String fault = value.isEmpty() ? "is unset"
                    : value.equals(secret.shipped()) ? "still has the value shipped in the source"
                    : value.get().length() < secret.minLength() ? "is shorter than " + secret.minLength() + " characters"
                    : null;
            if (fault != null) {
                problems.add(secret.alias() + " (" + secret.property() + ") " + fault + ": " + secret.hint());
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupProblem("profile " + profile + " refuses to start without its own secrets; " + String.join("; ", problems)
                    + " (QUARKUS_PROFILE=" + LOCAL_PROFILE + " keeps the local defaults, as ./ringmaster up does)");
        }
    }
}
