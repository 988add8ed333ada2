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
 * (V44's {@code refresh_planner_statistics}). The device path's statements are prepared once per connection and
 * keep the plan costed for the table as it was; a table that fills in a burst — the actions of a fleet whose window
 * opened, the devices of a tenant enrolling — is otherwise read with a small table's plan until autovacuum next
 * comes round (a minute by default, longer on a busy server). The analysis changes no data and no answer, only how
 * fast the statements run. The test profile turns the schedule off, as it does every schedule; tests call
 * {@link #refresh()}.
 */
@ApplicationScoped
public class PlannerStatistics {

    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);

    /** A table with fewer changed rows is left to autovacuum: a small table's plan is any plan. */
    static final long MIN_CHANGED_ROWS = 1_000;

    @Inject
    AgroalDataSource dataSource;

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

    /** Analyzes every table that grew past twice its analyzed size (and by at least 1,000 rows); answers their names. */
    public List<String> refresh() throws SQLException {
        List<String> analyzed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement call = connection.prepareStatement("SELECT refresh_planner_statistics(?)")) {
            call.setLong(1, MIN_CHANGED_ROWS);
            try (ResultSet rows = call.executeQuery()) {
                while (rows.next()) {
                    analyzed.add(rows.getString(1));
                }
            }
        }
        return analyzed;
    }
}
