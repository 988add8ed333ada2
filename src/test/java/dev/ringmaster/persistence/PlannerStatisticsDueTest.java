package dev.ringmaster.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tables are analyzed now: those that changed more rows since their last analysis than they had then. */
class PlannerStatisticsDueTest {

    private static boolean due(long changed, double rowsAtAnalysis) {
        return PlannerStatistics.due(new PlannerStatistics.TableChanges("t", changed, rowsAtAnalysis));
    }

    @Test
    void aTableNeverAnalyzedIsDueOnceItHasAThousandRows() {
        assertThat(due(999, -1)).isFalse();
        assertThat(due(1_000, -1)).isTrue();
        assertThat(due(5_000, 0)).isTrue();
    }

    @Test
    void anAnalyzedTableIsDueOnceItChangedAsManyRowsAsItHadThen() {
        assertThat(due(0, 5_000)).as("nothing changed since").isFalse();
        assertThat(due(3_000, 5_000)).as("3,000 more rows on 5,000 analyzed").isFalse();
        assertThat(due(6_000, 5_000)).as("6,000 more rows on 5,000 analyzed").isTrue();
        assertThat(due(100_000, 241)).as("a small table's plans after a burst").isTrue();
    }

    @Test
    void aSmallTableIsLeftToAutovacuumHoweverItChurns() {
        assertThat(due(999, 10)).isFalse();
    }
}
