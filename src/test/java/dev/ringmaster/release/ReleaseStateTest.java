package dev.ringmaster.release;

import org.junit.jupiter.api.Test;

import static dev.ringmaster.release.ReleaseState.COMPLETED;
import static dev.ringmaster.release.ReleaseState.DRAFT;
import static dev.ringmaster.release.ReleaseState.HALTED;
import static dev.ringmaster.release.ReleaseState.PUBLISHED;
import static dev.ringmaster.release.ReleaseState.ROLLING_OUT;
import static dev.ringmaster.release.ReleaseState.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;

class ReleaseStateTest {

    @Test
    void onlyTheDesignedTransitionsExist() {
        assertThat(DRAFT.next()).containsExactlyInAnyOrder(PUBLISHED, WITHDRAWN);
        assertThat(PUBLISHED.next()).containsExactlyInAnyOrder(ROLLING_OUT, WITHDRAWN);
        assertThat(ROLLING_OUT.next()).containsExactlyInAnyOrder(COMPLETED, HALTED, PUBLISHED);
        assertThat(COMPLETED.next()).isEmpty();
        assertThat(HALTED.next()).isEmpty();
        assertThat(WITHDRAWN.next()).isEmpty();
        assertThat(WITHDRAWN.canBecome(PUBLISHED)).isFalse();
        assertThat(DRAFT.canBecome(ROLLING_OUT)).isFalse();
    }

    @Test
    void keysMatchTheSchema() {
        for (ReleaseState state : ReleaseState.values()) {
            assertThat(ReleaseState.fromKey(state.key())).isEqualTo(state);
        }
        assertThat(ROLLING_OUT.key()).isEqualTo("rolling_out");
    }
}
