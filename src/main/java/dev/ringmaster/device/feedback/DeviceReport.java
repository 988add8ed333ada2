package dev.ringmaster.device.feedback;

import dev.ringmaster.api.SafeText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * One report of a device about an action it was offered. {@code eventId} is the device's own id for the
 * report: sending the same report again (a retry after a lost answer) is harmless and counted once.
 */
public record DeviceReport(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "letters, digits, '.', '_', ':' or '-'") String eventId,
        @NotNull @Positive Long actionId,
        @NotNull EventKind kind,
        @Min(0) @Max(100) Integer progress,
        @SafeText @Size(max = 2000) String detail,
        Instant occurredAt) {
}
