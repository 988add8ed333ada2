package dev.ringmaster.localstack;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The service reaches the embedded PostgreSQL over its Unix socket, not loopback TCP. */
@QuarkusTest
class EmbeddedDatabaseSocketTest {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void theServicesConnectionsGoThroughTheUnixSocket() throws Exception {
        assertThat(url).contains("socketFactory=").contains(".s.PGSQL.");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT inet_server_addr() IS NULL, current_user")) {
            rows.next();
            // PostgreSQL has no server address for a connection that came in over a Unix socket.
            assertThat(rows.getBoolean(1)).as("no server address: a Unix-socket connection").isTrue();
            assertThat(rows.getString(2)).isEqualTo(user);
        }
    }

    /** The change feed's use: LISTEN, then polls that time out on the socket until a notification comes. */
    @Test
    void timedReadsTimeOutAndStillReceiveNotifications() throws Exception {
        try (Connection listener = DriverManager.getConnection(url, user, password);
             Statement listen = listener.createStatement()) {
            listen.execute("LISTEN socket_test");
            PGConnection pg = listener.unwrap(PGConnection.class);
            long started = System.nanoTime();
            assertThat(pg.getNotifications(300)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));

            try (Connection other = dataSource.getConnection(); Statement notify = other.createStatement()) {
                notify.execute("NOTIFY socket_test, 'hello'");
            }
            PGNotification[] received = pg.getNotifications(5_000);
            assertThat(received).extracting(PGNotification::getParameter).containsExactly("hello");
            assertThat(listener.isValid(1)).as("a connection check, itself a timed read").isTrue();
            try (ResultSet rows = listen.executeQuery("SELECT 41 + 1")) {
                rows.next();
                assertThat(rows.getInt(1)).as("blocking reads work again after timed ones").isEqualTo(42);
            }
        }
    }

    @Test
    void keycloakAndOtherClientsAreGivenTcp() {
        DatabaseEndpoint endpoint = new DatabaseEndpoint("127.0.0.1", 5432, "u", "p",
                Optional.of(Path.of("/tmp/.s.PGSQL.5432")));
        assertThat(endpoint.jdbcUrl("keycloak")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/keycloak");
        assertThat(endpoint.localJdbcUrl("ringmaster")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ringmaster"
                + "?socketFactory=dev.ringmaster.localstack.UnixSocketFactory&socketFactoryArg=/tmp/.s.PGSQL.5432&sslmode=disable");
        assertThat(endpoint.as("other", "x").localJdbcUrl("ringmaster")).isEqualTo(endpoint.localJdbcUrl("ringmaster"));
    }
}
