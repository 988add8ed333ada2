package dev.ringmaster.device.feedback;

import org.junit.jupiter.api.Test;

import static dev.ringmaster.device.feedback.ActionProgress.Verdict.ACCEPT;
import static dev.ringmaster.device.feedback.ActionProgress.Verdict.ALREADY_FINISHED;
import static dev.ringmaster.device.feedback.ActionProgress.Verdict.NOT_REPORTABLE;
import static dev.ringmaster.device.feedback.ActionProgress.Verdict.OUT_OF_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

class ActionProgressTest {

    @Test
    void anInstallOnlyMovesForwardAndEndsOnce() {
        assertThat(ActionProgress.check(EventKind.OFFERED, EventKind.DOWNLOADING)).isEqualTo(ACCEPT);
        assertThat(ActionProgress.check(EventKind.DOWNLOADING, EventKind.DOWNLOADING)).isEqualTo(ACCEPT);
        assertThat(ActionProgress.check(EventKind.OFFERED, EventKind.SUCCEEDED)).isEqualTo(ACCEPT);
        assertThat(ActionProgress.check(EventKind.INSTALLING, EventKind.FAILED)).isEqualTo(ACCEPT);
        assertThat(ActionProgress.check(EventKind.INSTALLING, EventKind.DOWNLOADING)).isEqualTo(OUT_OF_ORDER);
        assertThat(ActionProgress.check(EventKind.FAILED, EventKind.SUCCEEDED)).isEqualTo(ALREADY_FINISHED);
        assertThat(ActionProgress.check(EventKind.SUCCEEDED, EventKind.SUCCEEDED)).isEqualTo(ALREADY_FINISHED);
        assertThat(ActionProgress.check(EventKind.OFFERED, EventKind.OFFERED)).isEqualTo(NOT_REPORTABLE);
        assertThat(ActionProgress.check(EventKind.OFFERED, EventKind.SILENT)).isEqualTo(NOT_REPORTABLE);
    }
}
