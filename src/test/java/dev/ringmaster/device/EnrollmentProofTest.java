package dev.ringmaster.device;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What entitles an enrollment to a device id. */
class EnrollmentProofTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void anIdWithoutATokenIsFreeToTake() {
        assertThat(EnrollmentProof.of(null, Optional.empty(), null, NOW)).isEqualTo(EnrollmentProof.UNCLAIMED);
    }

    @Test
    void anEnrolledIdNeedsItsOwnToken() {
        assertThat(EnrollmentProof.of("h1", Optional.of("h1"), null, NOW)).isEqualTo(EnrollmentProof.CURRENT_TOKEN);
        assertThat(EnrollmentProof.of("h1", Optional.of("h2"), null, NOW)).isEqualTo(EnrollmentProof.NONE);
        assertThat(EnrollmentProof.of("h1", Optional.empty(), null, NOW)).isEqualTo(EnrollmentProof.NONE);
    }

    @Test
    void aReProvisioningCountsUntilItEnds() {
        assertThat(EnrollmentProof.of("h1", Optional.empty(), NOW.plus(Duration.ofMinutes(1)), NOW))
                .isEqualTo(EnrollmentProof.REPROVISIONED);
        assertThat(EnrollmentProof.of("h1", Optional.empty(), NOW, NOW)).isEqualTo(EnrollmentProof.NONE);
    }
}
