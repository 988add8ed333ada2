package dev.ringmaster.support;

import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Read-only questions to the database, over every tenant, for assertions a test cannot ask through the API (how
 * many rows of a kind exist). Tests never write domain rows: state is set up through the API and the services.
 */
public final class Db {

    private Db() {
    }

    /** The one number the query selects. */
    public static long count(String sql, Object... parameters) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource().getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }));
    }

    /** The id the query selects, or null when it selects no row. */
    public static UUID id(String sql, Object... parameters) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource().getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
                 ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }));
    }

    public static UUID releaseId(String product, String version) {
        return id("SELECT r.id FROM releases r JOIN products p ON p.id = r.product_id WHERE p.key = ? AND r.version = ?",
                product, version);
    }

    public static UUID deviceId(String tenant, String externalId) {
        return id("SELECT id FROM devices WHERE tenant_id = ? AND external_id = ?", tenant, externalId);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : parameters[i];
            statement.setObject(i + 1, value);
        }
        return statement;
    }

    private static AgroalDataSource dataSource() {
        return Arc.container().instance(AgroalDataSource.class).get();
    }
}
