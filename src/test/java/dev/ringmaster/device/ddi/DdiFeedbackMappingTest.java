package dev.ringmaster.device.ddi;

import dev.ringmaster.device.ddi.DdiFeedbackMapping.Execution;
import dev.ringmaster.device.ddi.DdiFeedbackMapping.Finished;
import dev.ringmaster.device.feedback.EventKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** hawkBit's DDI feedback semantics: only closed ends an action; rejected is a warning; every message maps to an event. */
class DdiFeedbackMappingTest {

    private static EventKind deployment(Execution execution, Finished finished) {
        return DdiFeedbackMapping.deployment(execution, finished).kind();
    }

    private static EventKind cancellation(Execution execution, Finished finished) {
        return DdiFeedbackMapping.cancellation(execution, finished).kind();
    }

    @Test
    void onlyClosedEndsADeployment() {
        assertThat(deployment(Execution.CLOSED, Finished.SUCCESS)).isEqualTo(EventKind.SUCCEEDED);
        assertThat(deployment(Execution.CLOSED, Finished.NONE)).isEqualTo(EventKind.SUCCEEDED);
        assertThat(deployment(Execution.CLOSED, Finished.FAILURE)).isEqualTo(EventKind.FAILED);
        assertThat(deployment(Execution.PROCEEDING, Finished.FAILURE)).isEqualTo(EventKind.INSTALLING);
        assertThat(deployment(Execution.REJECTED, Finished.NONE)).isEqualTo(EventKind.REJECTED);
        assertThat(deployment(Execution.REJECTED, Finished.FAILURE)).isEqualTo(EventKind.REJECTED);
        for (Execution execution : Execution.values()) {
            for (Finished finished : Finished.values()) {
                EventKind kind = deployment(execution, finished);
                boolean ends = kind.movesAction() && kind.terminal();
                assertThat(ends).as("%s/%s", execution, finished).isEqualTo(execution == Execution.CLOSED || execution == Execution.CANCELED);
            }
        }
    }

    @Test
    void aCancellationEndsOnlyWhenClosedWithoutFailure() {
        assertThat(cancellation(Execution.CLOSED, Finished.SUCCESS)).isEqualTo(EventKind.CANCELLED);
        assertThat(cancellation(Execution.CLOSED, Finished.FAILURE)).isEqualTo(EventKind.REJECTED);
        assertThat(cancellation(Execution.REJECTED, Finished.NONE)).isEqualTo(EventKind.REJECTED);
        assertThat(cancellation(Execution.CANCELED, Finished.SUCCESS)).isEqualTo(EventKind.NOTE);
        assertThat(cancellation(Execution.PROCEEDING, Finished.NONE)).isEqualTo(EventKind.NOTE);
        for (Execution execution : Execution.values()) {
            for (Finished finished : Finished.values()) {
                DdiFeedbackMapping.Mapped mapped = DdiFeedbackMapping.cancellation(execution, finished);
                assertThat(mapped.note()).isNotBlank();
                assertThat(mapped.kind() == EventKind.CANCELLED).as("%s/%s", execution, finished)
                        .isEqualTo(execution == Execution.CLOSED && finished != Finished.FAILURE);
            }
        }
    }
}
