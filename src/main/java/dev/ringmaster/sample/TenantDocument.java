package dev.ringmaster.sample;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One tenant as a readable document: its devices, groups and update policies. The sample tenants are
 * written in it, and policy-as-code export and import use the same shape.
 */
public record TenantDocument(TenantEntry tenant, List<DeviceEntry> devices, List<GroupEntry> groups,
                             List<PolicyEntry> policies) {

    public TenantDocument {
        devices = devices == null ? List.of() : devices;
        groups = groups == null ? List.of() : groups;
        policies = policies == null ? List.of() : policies;
    }

    /** {@code internal}: the vendor's own fleet (left out: a customer); only the vendor's sample files set it. */
    public record TenantEntry(String slug, String name, String timeZone, Boolean internal) {

        public TenantEntry(String slug, String name, String timeZone) {
            this(slug, name, timeZone, null);
        }

        public boolean isInternal() {
            return Boolean.TRUE.equals(internal);
        }
    }

    /** {@code installed} maps product key to installed version. */
    public record DeviceEntry(String id, String name, String timeZone, Map<String, String> attributes,
                              Map<String, String> installed) {
    }

    public record GroupEntry(String name, String description, boolean pilot, List<String> devices) {
    }

    public record PolicyEntry(String product, PolicyMode mode, String pinnedVersion, Instant pinExpiresAt,
                              Duration deferral, PilotEntry pilot, List<WeeklyWindow> maintenanceWindows,
                              List<Freeze> freezes, BigDecimal maxConcurrent, boolean paused) {

        /** The entry without its product: what {@link dev.ringmaster.policy.PolicyRules} checks and the API speaks. */
        public PolicyDocument document() {
            PolicyDocument.Pilot pilotDocument = pilot == null ? null : new PolicyDocument.Pilot(pilot.groups(), pilot.deferral(),
                    pilot.gate() == null ? null : new PolicyDocument.Gate(pilot.gate().minSucceeded(),
                            pilot.gate().maxFailureRate(), pilot.gate().soak()));
            return new PolicyDocument(mode, pinnedVersion, pinExpiresAt, deferral, pilotDocument, maintenanceWindows,
                    freezes, maxConcurrent, paused);
        }
    }

    public record PilotEntry(List<String> groups, Duration deferral, PilotGateEntry gate) {
    }

    public record PilotGateEntry(int minSucceeded, BigDecimal maxFailureRate, Duration soak) {
    }
}
