package dev.ringmaster.tenancy;

import java.util.UUID;

/**
 * A device enrolled, or enrolled again ({@code replacedToken}: its earlier token died). Observed after the
 * commit: enrollments come in bursts (a factory, a fleet migration), so their windows are planned in batches
 * rather than inside each enrollment, which holds the enrollment key's row lock until it commits.
 */
public record DeviceEnrolled(String tenantId, UUID deviceId, boolean replacedToken) {
}
