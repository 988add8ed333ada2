package dev.ringmaster.policy;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING;

/**
 * One product's update policy in the tenant document format (a policy entry of {@code tenants-sample/}
 * without its product): what the API reads and writes, what the audit log records and what
 * {@link PolicyRules} checks.
 */
public record PolicyDocument(PolicyMode mode, String pinnedVersion, Instant pinExpiresAt, @JsonFormat(shape = STRING) Duration deferral,
                             Pilot pilot, List<WeeklyWindow> maintenanceWindows, List<Freeze> freezes,
                             BigDecimal maxConcurrent, boolean paused) {

    /** @param groups names of the tenant's pilot groups */
    public record Pilot(List<String> groups, @JsonFormat(shape = STRING) Duration deferral, Gate gate) {
    }

    public record Gate(int minSucceeded, BigDecimal maxFailureRate, @JsonFormat(shape = STRING) Duration soak) {
    }

    /**
     * The policy of a tenant that never saved one, as a document: the same {@link DefaultPolicy} values the
     * merge applies, so the API can never describe a default that the scheduler does not use.
     */
    public static PolicyDocument safeDefault() {
        return new PolicyDocument(DefaultPolicy.MODE, null, null, DefaultPolicy.DEFERRAL,
                new Pilot(List.of(), DefaultPolicy.PILOT_DEFERRAL, new Gate(0, BigDecimal.ZERO, Duration.ZERO)),
                List.of(), List.of(), BigDecimal.ONE, DefaultPolicy.PAUSED);
    }

    /** @param pilotGroups the names of the policy's pilot groups */
    public static PolicyDocument of(UpdatePolicy policy, List<String> pilotGroups) {
        return new PolicyDocument(policy.mode, policy.pinnedVersion, policy.pinExpiresAt,
                Duration.ofSeconds(policy.deferralSeconds),
                new Pilot(pilotGroups, Duration.ofSeconds(policy.pilotDeferralSeconds),
                        new Gate(policy.pilotGateMinSucceeded, readable(policy.pilotGateMaxFailureRate),
                                Duration.ofSeconds(policy.pilotGateSoakSeconds))),
                List.copyOf(policy.maintenanceWindows), List.copyOf(policy.freezes),
                readable(policy.maxConcurrentShare), policy.paused);
    }

    /** Copies everything but the pilot groups, which live in their own table (see {@link PilotGroups}). */
    public void applyTo(UpdatePolicy policy) {
        policy.mode = mode;
        policy.pinnedVersion = pinnedVersion;
        policy.pinExpiresAt = pinExpiresAt;
        policy.deferralSeconds = seconds(deferral);
        Gate gate = pilot == null ? null : pilot.gate();
        policy.pilotDeferralSeconds = pilot == null ? 0 : seconds(pilot.deferral());
        policy.pilotGateMinSucceeded = gate == null ? 0 : gate.minSucceeded();
        policy.pilotGateMaxFailureRate = gate == null || gate.maxFailureRate() == null ? BigDecimal.ZERO : gate.maxFailureRate();
        policy.pilotGateSoakSeconds = gate == null ? 0 : seconds(gate.soak());
        policy.maintenanceWindows = maintenanceWindows == null ? List.of() : List.copyOf(maintenanceWindows);
        policy.freezes = freezes == null ? List.of() : List.copyOf(freezes);
        policy.maxConcurrentShare = maxConcurrent == null ? BigDecimal.ONE : maxConcurrent;
        policy.paused = paused;
    }

    public List<String> pilotGroups() {
        return pilot == null || pilot.groups() == null ? List.of() : pilot.groups();
    }

    public PolicyDocument withPaused(boolean paused) {
        return new PolicyDocument(mode, pinnedVersion, pinExpiresAt, deferral, pilot, maintenanceWindows, freezes,
                maxConcurrent, paused);
    }

    private static long seconds(Duration duration) {
        return duration == null ? 0 : duration.toSeconds();
    }

    /** The columns hold four decimals; 0.25 reads better than 0.2500. */
    private static BigDecimal readable(BigDecimal share) {
        return share == null ? null : share.stripTrailingZeros();
    }
}
