package dev.ringmaster.audit;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The audit filter's reading at the edge, without a service: blanks are absent, times in UTC, every broken field named. */
class AuditFilterTest {

    @Test
    void blankFieldsAreNoFilterAndTextIsStripped() {
        AuditFilter filter = AuditFilter.parse(" ", null, " rollout ", "", null, "");

        assertThat(filter).isEqualTo(new AuditFilter(null, null, "rollout", null, null, null));
    }

    @Test
    void timesAreInstantsOrLocalDateTimesTakenAsUtc() {
        AuditFilter filter = AuditFilter.parse(null, null, null, null, "2026-12-06T04:00:00Z", "2026-12-06T05:30");

        assertThat(filter.from()).isEqualTo(Instant.parse("2026-12-06T04:00:00Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-12-06T05:30:00Z"));
    }

    @Test
    void everyBrokenFieldIsNamedAtOnce() {
        UnprocessableException refused = catchThrowableOfType(UnprocessableException.class,
                () -> AuditFilter.parse("Acme Corp", "x".repeat(201), null, null, "yesterday", "2026-12-06T04:00"));

        assertThat(refused.errors()).extracting(Problem.FieldError::field).containsExactlyInAnyOrder("tenant", "actor", "from");
    }

    @Test
    void aRangeMustRunForward() {
        UnprocessableException refused = catchThrowableOfType(UnprocessableException.class,
                () -> AuditFilter.parse(null, null, null, null, "2026-12-06T05:00", "2026-12-06T05:00"));

        assertThat(refused.errors()).extracting(Problem.FieldError::field).containsExactly("to");
    }
}
