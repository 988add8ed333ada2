package dev.ringmaster.persistence;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table is analyzed once it has grown past twice its size at its last analysis, not for every change. The table
 * here is a scratch table of the schema's owner, not a domain table: its rows are counted, never read by the
 * service, and no other test touches it. The test profile turns the schedule off, so only the test's own calls
 * analyze (as the service's role, through the function the migration grants it).
 */
@QuarkusTest
class PlannerStatisticsTest {

    private final String table = "planner_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Inject
    PlannerStatistics statistics;

    private Connection owner;

    @BeforeEach
    void createTable() throws SQLException {
        var config = ConfigProvider.getConfig();
        owner = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), config.getValue("quarkus.flyway.password", String.class));
        execute("CREATE TABLE public." + table + " (n integer)");
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection closing = owner) {
            execute("DROP TABLE public." + table);
        }
    }

    @Test
    void aTableIsAnalyzedEachTimeItHasGrownPastTwiceItsAnalyzedSize() throws SQLException {
        insert(5_000);
        assertThat(statistics.refresh()).as("a new table of 5,000 rows").contains(table);
        assertThat(statistics.refresh()).as("nothing changed since").doesNotContain(table);

        insert(3_000);
        assertThat(statistics.refresh()).as("3,000 more rows on 5,000 analyzed").doesNotContain(table);

        insert(3_000);
        assertThat(statistics.refresh()).as("6,000 more rows on 5,000 analyzed").contains(table);
    }

    @Test
    void aSmallTableIsLeftToAutovacuum() throws SQLException {
        insert(999);
        assertThat(statistics.refresh()).doesNotContain(table);
    }

    /** Inserts and has the owner's session publish its counts at once, so the next refresh sees them. */
    private void insert(int rows) throws SQLException {
        execute("INSERT INTO public." + table + " SELECT generate_series(1, " + rows + ")");
        // Published when the session next goes idle, which is before this call returns.
        execute("SELECT pg_stat_force_next_flush()");
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = owner.createStatement()) {
            statement.execute(sql);
        }
    }
}
