package dev.ringmaster.web.tenant;

import dev.ringmaster.device.feedback.DeviceHistory;
import dev.ringmaster.device.feedback.EventKind;
import dev.ringmaster.error.Problem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The device page's timeline and the import page's problem wording, as plain Java. */
class InstallTimelineTest {

    private static final UUID OLD = UUID.randomUUID();
    private static final UUID NEW = UUID.randomUUID();
    private static final Instant T = Instant.parse("2026-03-29T00:59:30Z");

    private static DeviceHistory.Entry event(long id, UUID release, String version, EventKind kind, Integer progress, int minutes) {
        return new DeviceHistory.Entry(id, kind, release, "agent", version, UUID.randomUUID(), progress, null,
                T.plusSeconds(60L * minutes), T.plusSeconds(60L * minutes));
    }

    @Test
    void eachReleaseIsOneInstallOldestStepFirstLatestReleaseFirst() {
        // DeviceHistory answers newest first.
        List<DeviceHistory.Entry> history = List.of(
                event(6, NEW, "2.0.0", EventKind.SILENT, null, 90),
                event(5, NEW, "2.0.0", EventKind.DOWNLOADING, 40, 61),
                event(4, NEW, "2.0.0", EventKind.OFFERED, null, 60),
                event(3, OLD, "1.0.0", EventKind.SUCCEEDED, null, 3),
                event(2, OLD, "1.0.0", EventKind.INSTALLING, null, 2),
                event(1, OLD, "1.0.0", EventKind.OFFERED, null, 0));

        InstallTimeline timeline = InstallTimeline.of(history, ZoneId.of("Europe/Berlin"));

        assertThat(timeline.installs()).extracting(InstallTimeline.Install::release).containsExactly("agent 2.0.0", "agent 1.0.0");
        InstallTimeline.Install latest = timeline.installs().getFirst();
        assertThat(latest.steps()).extracting(InstallTimeline.Step::label)
                .containsExactly("Offered", "Downloading (40 %)", "Went silent: counted as a failure");
        assertThat(latest.outcome()).isEqualTo("silent (counted as failed)");
        assertThat(timeline.installs().get(1).outcome()).isEqualTo("succeeded");
        // 00:59:30 UTC is 01:59:30 CET; an hour later Berlin has moved to summer time (CEST, +2).
        assertThat(timeline.installs().get(1).steps().getFirst().at()).isEqualTo("2026-03-29 01:59:30 Europe/Berlin");
        assertThat(latest.steps().getFirst().at()).isEqualTo("2026-03-29 03:59:30 Europe/Berlin");
    }

    @Test
    void aWarningAfterTheResultDoesNotHideTheOutcome() {
        List<DeviceHistory.Entry> history = List.of(
                event(3, NEW, "2.0.0", EventKind.REJECTED, null, 5),
                event(2, NEW, "2.0.0", EventKind.FAILED, null, 4),
                event(1, NEW, "2.0.0", EventKind.OFFERED, null, 0));

        InstallTimeline.Install install = InstallTimeline.of(history, ZoneId.of("UTC")).installs().getFirst();

        assertThat(install.outcome()).isEqualTo("failed");
        assertThat(install.steps()).extracting(InstallTimeline.Step::kind).containsExactly("offered", "failed", "rejected");
    }

    @Test
    void noHistoryIsAnEmptyTimeline() {
        assertThat(InstallTimeline.of(List.of(), ZoneId.of("UTC")).isEmpty()).isTrue();
    }

    @Test
    void importProblemsNameTheLineAndColumn() {
        assertThat(ImportPages.RowProblem.of(new Problem.FieldError("rows[3].timeZone", "unknown time zone 'Mars/Olympus'")))
                .isEqualTo(new ImportPages.RowProblem("line 3, timeZone", "unknown time zone 'Mars/Olympus'"));
        assertThat(ImportPages.RowProblem.of(new Problem.FieldError("rows[7]", "has 2 fields, the header has 3")).where())
                .isEqualTo("line 7");
        assertThat(ImportPages.RowProblem.of(new Problem.FieldError("header.colour", "unknown column")).where())
                .isEqualTo("header row, colour");
        assertThat(ImportPages.RowProblem.of(new Problem.FieldError("csv", "empty")).where()).isEqualTo("file");
    }
}
