package dev.ringmaster.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server started from the binaries on the classpath, for the first run and the tests.
 * With a data directory it keeps its data between runs and writes durably; without one it is thrown away on
 * close and skips the flushes, since a crash loses nothing a test needs.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    /** How hard the server works to keep committed data through a crash. */
    public enum Durability {
        /** Every commit is flushed to disk before it is acknowledged. */
        DURABLE("on"),
        /** No flushes: fast, and fine for data that is thrown away (tests, benchmarks). */
        FAST("off");

        private final String setting;

        Durability(String setting) {
            this.setting = setting;
        }

        /** The server settings, as benchmarks print them next to their figures. */
        public String describe() {
            return "fsync=" + setting + ", synchronous_commit=" + setting;
        }
    }

    private final EmbeddedPostgres postgres;
    private final Durability durability;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Durability durability) {
        this.postgres = postgres;
        this.durability = durability;
    }

    /** Starts a server that keeps its data in {@code dataDirectory} (created on first use). */
    public static EmbeddedDatabase persistent(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            return start(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false), Durability.DURABLE);
        } catch (IOException e) {
            throw new LocalStackException("cannot create the database folder " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /** Starts a server in a temporary folder that disappears when it is closed. */
    public static EmbeddedDatabase throwaway() {
        return start(EmbeddedPostgres.builder(), Durability.FAST);
    }

    private static EmbeddedDatabase start(EmbeddedPostgres.Builder builder, Durability durability) {
        try {
            // The library always passes -F (fsync off); a later -c fsync=... on the same command line wins.
            return new EmbeddedDatabase(builder
                    .setPort(Ports.free())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durability.setting)
                    .setServerConfig("synchronous_commit", durability.setting)
                    .start(), durability);
        } catch (IOException | RuntimeException e) {
            throw new LocalStackException("cannot start the embedded PostgreSQL: " + rootMessage(e), e);
        }
    }

    /** The superuser, for Keycloak's own database and for creating Ringmaster's roles. */
    public DatabaseEndpoint endpoint() {
        return new DatabaseEndpoint("127.0.0.1", postgres.getPort(), SUPERUSER, SUPERUSER);
    }

    public Durability durability() {
        return durability;
    }

    /** The server's own process (the postmaster), which the library starts detached through pg_ctl. */
    public long serverPid() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SHOW data_directory")) {
            rows.next();
            return PostmasterPidFile.in(Path.of(rows.getString(1))).orElseThrow().pid();
        } catch (SQLException e) {
            throw new LocalStackException("cannot ask the embedded PostgreSQL for its data directory: " + e.getMessage(), e);
        }
    }

    /** Creates the databases that do not exist yet; existing ones keep their data. */
    public void ensureDatabases(List<String> names) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
             Statement create = connection.createStatement()) {
            for (String name : names) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        create.execute("CREATE DATABASE " + identifier(name));
                    }
                }
            }
        } catch (SQLException e) {
            throw new LocalStackException("cannot create databases " + names + " in the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the two login roles Ringmaster uses, if missing: the owner of {@code database}, which runs the
     * migrations, and the application role, which owns nothing so that row-level security binds it.
     */
    public void ensureRoles(String database, DatabaseEndpoint owner, DatabaseEndpoint application) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?");
             Statement ddl = connection.createStatement()) {
            for (DatabaseEndpoint role : List.of(owner, application)) {
                exists.setString(1, role.username());
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        ddl.execute("CREATE ROLE " + identifier(role.username()) + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD "
                                + literal(role.password()));
                    }
                }
            }
            ddl.execute("ALTER DATABASE " + identifier(database) + " OWNER TO " + identifier(owner.username()));
        } catch (SQLException e) {
            throw new LocalStackException("cannot create the database roles in the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // Closing happens on the way out; the data directory survives an unclean stop.
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
