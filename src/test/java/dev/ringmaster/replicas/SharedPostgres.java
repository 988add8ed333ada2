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
        db.superuser("postgres", "CREATE ROLE " + db.owner() + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + PASSWORD + "'",
                "CREATE ROLE " + db.application() + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + PASSWORD + "'",
                "CREATE DATABASE " + db.name + " OWNER " + db.owner(),
                "CREATE DATABASE " + db.keycloakDatabase());
        return db;
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

    String keycloakDatabase() {
        return name + "_kc";
    }

    /** Where Keycloak keeps its data: the same server, as the superuser. */
    DatabaseEndpoint keycloakServer() {
        return new DatabaseEndpoint(HOST, PORT, SUPERUSER, SUPERUSER);
    }

    private void superuser(String database, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database,
                SUPERUSER, SUPERUSER); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on " + HOST + ":" + PORT + " refused: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        superuser("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                "DROP DATABASE IF EXISTS " + keycloakDatabase() + " WITH (FORCE)",
                "DROP ROLE IF EXISTS " + application(), "DROP ROLE IF EXISTS " + owner());
    }
}
