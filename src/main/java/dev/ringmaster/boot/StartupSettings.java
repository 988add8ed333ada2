package dev.ringmaster.boot;

import dev.ringmaster.localstack.KeycloakDistribution;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The few settings read before Quarkus starts, to decide what the local stack must provide.
 * Each is looked up as a system property first, then under its environment names.
 */
public record StartupSettings(
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        Optional<String> oidcUrl,
        int httpPort,
        int managementPort,
        int keycloakPort,
        Path keycloakHome,
        Path dataDir) {

    public static StartupSettings from(Map<String, String> env, Properties system) {
        Lookup lookup = new Lookup(env, system);
        return new StartupSettings(
                lookup.first("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL", "RINGMASTER_DB_URL"),
                lookup.first("quarkus.datasource.username", "QUARKUS_DATASOURCE_USERNAME", "RINGMASTER_DB_USER"),
                lookup.first("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD", "RINGMASTER_DB_PASSWORD"),
                lookup.first("quarkus.oidc.auth-server-url", "QUARKUS_OIDC_AUTH_SERVER_URL", "RINGMASTER_OIDC_URL"),
                lookup.port("quarkus.http.port", "QUARKUS_HTTP_PORT", "RINGMASTER_HTTP_PORT", 8080),
                lookup.port("quarkus.management.port", "QUARKUS_MANAGEMENT_PORT", "RINGMASTER_MANAGEMENT_PORT", 9000),
                lookup.port("ringmaster.keycloak.port", "RINGMASTER_KEYCLOAK_PORT", "RINGMASTER_KEYCLOAK_PORT", 8180),
                lookup.first("ringmaster.keycloak.home", "RINGMASTER_KEYCLOAK_HOME", "RINGMASTER_KEYCLOAK_HOME")
                        .map(Path::of).orElseGet(KeycloakDistribution::defaultHome),
                Path.of(lookup.first("ringmaster.data-dir", "RINGMASTER_DATA_DIR", "RINGMASTER_DATA_DIR")
                        .orElse(Path.of(System.getProperty("user.home"), ".ringmaster").toString())));
    }

    /** Settings looked up as {@link #from} does: system property first, then the environment names. */
    static Lookup lookup(Map<String, String> env, Properties system) {
        return new Lookup(env, system);
    }

    record Lookup(Map<String, String> env, Properties system) {

        Optional<String> first(String property, String envName, String alias) {
            for (String value : new String[] {system.getProperty(property), env.get(envName), env.get(alias)}) {
                if (value != null && !value.isBlank()) {
                    return Optional.of(value.trim());
                }
            }
            return Optional.empty();
        }

        int port(String property, String envName, String alias, int fallback) {
            String value = first(property, envName, alias).orElse(Integer.toString(fallback));
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new StartupProblem(property + " (" + alias + ") must be a port number 1-65535, not '" + value + "'");
            }
        }
    }
}
