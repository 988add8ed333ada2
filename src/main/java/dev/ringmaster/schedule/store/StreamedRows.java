package dev.ringmaster.schedule.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a large result a batch of rows at a time instead of all at once. PostgreSQL streams with a fetch size
 * only inside a transaction, so one is opened for the read when the connection has none.
 */
final class StreamedRows {

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    interface Row {
        void read(ResultSet row) throws SQLException;
    }

    private StreamedRows() {
    }

    static void stream(Connection connection, String sql, int fetchSize, Binder binder, Row row) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.setFetchSize(fetchSize);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        } finally {
            if (autoCommit) {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }
}
