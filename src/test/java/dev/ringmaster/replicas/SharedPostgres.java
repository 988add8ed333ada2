package dev.ringmaster.replicas;

import dev.ringmaster.localstack.DatabaseEndpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of the test's own on the machine's PostgreSQL server (127.0.0.1:5432, trust auth), with the two login
 * roles the service uses: the schema owner that runs migrations and the application role that row-level security
 * binds. Dropped again on close, roles included.
 */
final class SharedPostgres implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD = "replicas";

    private final String name;

    private SharedPostgres(String name) {
        this.name = name;
    }

    static SharedPostgres create() {
        SharedPostgres db = new SharedPostgres("ringmaster_replicas_" + UUID.randomUUID().toString().substring(0, 8));
        superuser("CREATE ROLE " + db.owner() + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + PASSWORD + "'",
                "CREATE ROLE " + db.application() + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + PASSWORD + "'",
                "CREATE DATABASE " + db.name + " OWNER " + db.owner());
        return db;
    }

    /** An empty database owned by the superuser (Keycloak's), named after {@code prefix}; answers its name. */
    static String createPlain(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        superuser("CREATE DATABASE " + name);
        return name;
    }

    static void dropPlain(String name) {
        superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The server, as the superuser. */
    static DatabaseEndpoint server() {
        return new DatabaseEndpoint(HOST, PORT, SUPERUSER, SUPERUSER);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    String owner() {
        return name + "_owner";
    }

    String application() {
        return name + "_app";
    }

    String password() {
        return PASSWORD;
    }

    /** A connection as the superuser, for tests that read what the API cannot show. */
    Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, SUPERUSER);
    }

    private static void superuser(String... statements) {
        try (Connection connection = DriverManager.getConnection(server().jdbcUrl("postgres"), SUPERUSER, SUPERUSER);
             Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on " + HOST + ":" + PORT + " refused: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "DROP ROLE IF EXISTS " + application(),
                "DROP ROLE IF EXISTS " + owner());
    }
}
