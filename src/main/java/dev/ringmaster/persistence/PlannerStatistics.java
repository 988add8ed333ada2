package dev.ringmaster.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Has PostgreSQL analyze, within seconds, a table that has grown past twice its size at its last analysis
 * ({@link #due}; V44's {@code analyze_for_planner} runs the ANALYZE as the schema's owner). The device path's
 * statements are prepared once per connection and keep the plan costed for the table as it was; a table that fills
 * in a burst — the actions of a fleet whose window opened, the devices of a tenant enrolling — is otherwise read with
 * a small table's plan until autovacuum next comes round (a minute by default, longer on a busy server). The analysis
 * changes no data and no answer, only how fast the statements run. The test profile turns the schedule off, as it
 * does every schedule; tests call {@link #refresh()}.
 */
@ApplicationScoped
public class PlannerStatistics {

    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);

    /** A table with fewer changed rows is left to autovacuum: a small table's plan is any plan. */
    static final long MIN_CHANGED_ROWS = 1_000;

    /** One replica refreshes at a time; another's call finds the lock taken and leaves it to that one. */
    private static final String LOCK = "hashtextextended('ringmaster.planner-statistics', 0)";

    /** What PostgreSQL counts of a table: rows changed since its last analysis, and the rows it had then (-1: never). */
    record TableChanges(String table, long changedSinceAnalysis, double rowsAtAnalysis) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Whether the table should be analyzed now: it changed more rows since its last analysis than it had then, and at
     * least {@link #MIN_CHANGED_ROWS}. A growing table's plans are remade each time it doubles, a handful of times over
     * its life; no table is analyzed more often than autovacuum would (after a tenth of its rows changed), only sooner.
     */
    static boolean due(TableChanges changes) {
        return changes.changedSinceAnalysis() >= Math.max(MIN_CHANGED_ROWS, changes.rowsAtAnalysis());
    }

    @Scheduled(every = "${ringmaster.database.statistics-check:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            List<String> analyzed = refresh();
            if (!analyzed.isEmpty()) {
                LOG.debugf("analyzed %s: grown past twice their size at their last analysis", analyzed);
            }
        } catch (SQLException e) {
            LOG.warnf("could not refresh the planner's statistics: %s", e.getMessage());
        }
    }

    /** Analyzes every table of the schema that is {@link #due}; answers the names of those analyzed. */
    public List<String> refresh() throws SQLException {
        List<String> analyzed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            if (!ask(connection, "SELECT pg_try_advisory_lock(" + LOCK + ")")) {
                return analyzed;
            }
            try {
                for (TableChanges changes : changes(connection)) {
                    if (due(changes) && analyze(connection, changes.table())) {
                        analyzed.add(changes.table());
                    }
                }
            } finally {
                ask(connection, "SELECT pg_advisory_unlock(" + LOCK + ")");
            }
        }
        return analyzed;
    }

    /** Analyzes one table of the schema now; false when it is not one, or autovacuum holds it. */
    public boolean analyze(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return analyze(connection, table);
        }
    }

    private static boolean analyze(Connection connection, String table) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement("SELECT analyze_for_planner(?)")) {
            call.setString(1, table);
            try (ResultSet rows = call.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static List<TableChanges> changes(Connection connection) throws SQLException {
        List<TableChanges> tables = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT s.relname, s.n_mod_since_analyze, c.reltuples
                  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                 WHERE s.schemaname = 'public' ORDER BY s.relname""");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(new TableChanges(rows.getString(1), rows.getLong(2), rows.getDouble(3)));
            }
        }
        return tables;
    }

    private static boolean ask(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }
}
