package dev.ringmaster.schedule;

import dev.ringmaster.policy.DefaultPolicy;
import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The part of a tenant's update policy for one product that decides when its devices install (DESIGN.md,
 * "The merge", point 3). Plain values, so the merge can be computed and tested without a database.
 *
 * @param pinnedVersion only meaningful in {@link PolicyMode#PINNED}; null there means "pinned to what is installed"
 * @param pinExpiresAt  null means the pin holds until the tenant removes it
 * @param tenantZone    zone for windows when neither the window nor the device names one
 */
public record TenantPolicy(PolicyMode mode, String pinnedVersion, Instant pinExpiresAt, Duration deferral,
        Duration pilotDeferral, List<WeeklyWindow> windows, List<Freeze> freezes, boolean paused,
        ZoneId tenantZone) {


    public TenantPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deferral, "deferral");
        Objects.requireNonNull(pilotDeferral, "pilotDeferral");
        Objects.requireNonNull(tenantZone, "tenantZone");
        if (deferral.isNegative() || pilotDeferral.isNegative()) {
            // A negative deferral would let a device install before its ring opens.
            throw new IllegalArgumentException("deferrals must not be negative: " + deferral + ", " + pilotDeferral);
        }
        windows = windows == null ? List.of() : List.copyOf(windows);
        freezes = freezes == null ? List.of() : List.copyOf(freezes);
    }

    /**
     * What a tenant that never saved a policy gets: automatic, 24h deferral, no pilot deferral, no windows, no
     * freezes, not paused. It keeps fixes flowing without any tenant action, yet a release halted within a day of
     * its ring opening (where most bad releases are caught) never reaches such a tenant.
     */
    public static TenantPolicy safeDefault(ZoneId tenantZone) {
        return new TenantPolicy(DefaultPolicy.MODE, null, null, DefaultPolicy.DEFERRAL, DefaultPolicy.PILOT_DEFERRAL,
                List.of(), List.of(), DefaultPolicy.PAUSED, tenantZone);
    }
}
