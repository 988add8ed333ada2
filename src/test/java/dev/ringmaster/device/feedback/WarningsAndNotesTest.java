package dev.ringmaster.device.feedback;

import org.junit.jupiter.api.Test;

import static dev.ringmaster.device.feedback.ActionProgress.Verdict.ACCEPT;
import static dev.ringmaster.device.feedback.ActionProgress.Verdict.ALREADY_FINISHED;
import static org.assertj.core.api.Assertions.assertThat;

/** Warnings and notes go into the history at any point of an open action and never move it. */
class WarningsAndNotesTest {

    @Test
    void warningsAndNotesAreTakenUntilTheFinalResultAndMoveNothing() {
        for (EventKind kind : new EventKind[] {EventKind.REJECTED, EventKind.NOTE}) {
            assertThat(kind.movesAction()).isFalse();
            assertThat(kind.terminal()).isFalse();
            assertThat(kind.reportableByDevice()).isTrue();
            assertThat(ActionProgress.check(EventKind.OFFERED, kind)).isEqualTo(ACCEPT);
            assertThat(ActionProgress.check(EventKind.INSTALLING, kind)).isEqualTo(ACCEPT);
            assertThat(ActionProgress.check(EventKind.SUCCEEDED, kind)).isEqualTo(ALREADY_FINISHED);
            assertThat(ActionProgress.check(EventKind.CANCELLED, kind)).isEqualTo(ALREADY_FINISHED);
        }
        assertThat(EventKind.INSTALLING.movesAction()).isTrue();
    }
}
