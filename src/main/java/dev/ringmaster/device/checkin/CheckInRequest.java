package dev.ringmaster.device.checkin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** What a device says at check-in: the version of each product it runs (product key to semantic version). */
public record CheckInRequest(
        @NotNull @Size(max = 20) Map<@Pattern(regexp = "[a-z][a-z0-9-]{1,62}", message = "must be a product key") String,
                @NotNull @Size(max = 100) String> installed) {
}
