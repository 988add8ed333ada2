package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Checks made before anything starts, so that a wrong setting ends in one line that says what to fix
 * rather than in a stack trace from deep inside a connection pool.
 */
public final class Preflight {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Preflight() {
    }

    public static void requireFreePort(int port, String what, String setting) {
        if (Ports.inUse(port)) {
            throw new StartupProblem("port " + port + " for " + what + " is already in use; stop what holds it or set "
                    + setting + " to a free port");
        }
    }

    public static void requireDatabase(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new StartupProblem("RINGMASTER_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), not '"
                    + jdbcUrl + "'");
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Long.toString(TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(TIMEOUT.toSeconds()));
        try (Connection ignored = DriverManager.getConnection(jdbcUrl, properties)) {
            // reachable and the credentials are accepted
        } catch (SQLException e) {
            throw new StartupProblem("cannot connect to PostgreSQL at " + jdbcUrl + " (" + firstLine(e.getMessage())
                    + "); fix RINGMASTER_DB_URL/RINGMASTER_DB_USER/RINGMASTER_DB_PASSWORD, or unset RINGMASTER_DB_URL to use the embedded database");
        }
    }

    public static void requireOidcServer(String authServerUrl) {
        URI discovery;
        try {
            discovery = URI.create(authServerUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        } catch (IllegalArgumentException e) {
            throw new StartupProblem("RINGMASTER_OIDC_URL is not a URL: '" + authServerUrl + "'");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            int status = http.send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new StartupProblem("the OIDC server at " + authServerUrl + " answered " + status
                        + " for its discovery document; RINGMASTER_OIDC_URL must name a realm, e.g. https://keycloak.example/realms/ringmaster");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupProblem("cannot reach the OIDC server at " + authServerUrl + " (" + firstLine(String.valueOf(e.getMessage()))
                    + "); fix RINGMASTER_OIDC_URL, or unset it to start the local Keycloak");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupProblem("interrupted while checking the OIDC server");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).trim();
    }
}
