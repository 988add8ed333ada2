package dev.ringmaster.persistence;

import dev.ringmaster.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's role has the schema's tables analyzed through V44's function, though it owns none of them, and only
 * those: PostgreSQL's own count of analyses moves. Which tables are due is {@link PlannerStatisticsDueTest}'s. The
 * test profile turns the schedule off, so only the test's calls analyze here.
 */
@QuarkusTest
class PlannerStatisticsTest {

    @Inject
    PlannerStatistics statistics;

    @Test
    void theServicesRoleHasATableOfTheSchemaAnalyzed() throws SQLException {
        long before = analyses("devices");
        assertThat(statistics.analyze("devices")).isTrue();
        assertThat(analyses("devices")).isEqualTo(before + 1);
    }

    @Test
    void aNameThatIsNoTableOfTheSchemaIsRefusedAndRunsNothing() throws SQLException {
        assertThat(statistics.analyze("no_such_table")).isFalse();
        assertThat(statistics.analyze("devices; DROP TABLE devices")).isFalse();
        assertThat(statistics.analyze("pg_class")).isFalse();
        assertThat(Db.count("SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = 'devices'")).isEqualTo(1);
    }

    @Test
    void aRefreshAnalyzesOnlyTablesOfTheSchema() throws SQLException {
        for (String table : statistics.refresh()) {
            assertThat(Db.count("SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = ?", table))
                    .as(table).isEqualTo(1);
        }
    }

    private static long analyses(String table) {
        return Db.count("SELECT analyze_count FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = ?", table);
    }
}
