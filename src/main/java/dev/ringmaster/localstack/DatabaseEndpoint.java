package dev.ringmaster.localstack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a PostgreSQL server answers, and as whom to connect. A server on this machine may also answer on a
 * Unix socket, which costs less per round trip than loopback TCP (docs/configuration.md).
 */
public record DatabaseEndpoint(String host, int port, String username, String password, Optional<Path> socket) {


    public DatabaseEndpoint(String host, int port, String username, String password) {
        this(host, port, username, password, Optional.empty());
    }

    /** Over TCP: for clients other than this service (Keycloak's driver has no Unix socket factory). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Over the Unix socket when the server has one, else over TCP: for this service's own connections. */
    public String localJdbcUrl(String database) {
        // No TLS to negotiate on a socket only this machine can reach.
        return socket.map(file -> jdbcUrl(database) + "?socketFactory=" + UnixSocketFactory.class.getName()
                + "&socketFactoryArg=" + file + "&sslmode=disable").orElseGet(() -> jdbcUrl(database));
    }

    /** The same server, as another role. */
    public DatabaseEndpoint as(String otherUsername, String otherPassword) {
        return new DatabaseEndpoint(host, port, otherUsername, otherPassword, socket);
    }
}
