package dev.ringmaster.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a subscriber can be told about. {@link #key()} is what subscriptions name and what the CloudEvents
 * {@code type} ends with ({@code dev.ringmaster.} + key). The audience says whose subscriptions an event of the
 * type reaches: vendor-wide events go to the vendor's subscriptions, tenant events only to that tenant's.
 */
public enum EventType {
    RING_HALTED("ring.halted", Audience.VENDOR),
    RING_HELD("ring.held", Audience.VENDOR),
    RING_RESUMED("ring.resumed", Audience.VENDOR),
    /** A cohort failed its gate and no longer gets the release (DESIGN.md "Cohorts"); the rest of the rollout goes on. */
    COHORT_QUARANTINED("cohort.quarantined", Audience.VENDOR),
    EMERGENCY_STOP("rollout.emergency-stop", Audience.VENDOR),
    ROLLOUT_COMPLETED("rollout.completed", Audience.VENDOR),
    /** An emergency rollout waits for its approvers, or a ring waits for a vendor to approve opening it. */
    VENDOR_APPROVAL_NEEDED("approval.needed", Audience.VENDOR),
    /** A release of a product the tenant follows in approval mode started rolling out and waits for its decision. */
    TENANT_APPROVAL_NEEDED("release.approval-needed", Audience.TENANT),
    PILOT_GATE_PASSED("pilot-gate.passed", Audience.TENANT),
    PILOT_GATE_FAILED("pilot-gate.failed", Audience.TENANT),
    TENANT_PAUSED("tenant.paused", Audience.TENANT),
    /** Sent by "send test event" to the one subscription asked; every subscription may receive it. */
    TEST("webhook.test", Audience.BOTH);

    /** Whose subscriptions may name the type. */
    public enum Audience {
        VENDOR, TENANT, BOTH;

        boolean reaches(boolean vendor) {
            return this == BOTH || (this == VENDOR) == vendor;
        }
    }

    public static final String TYPE_PREFIX = "dev.ringmaster.";

    private final String key;
    private final Audience audience;

    EventType(String key, Audience audience) {
        this.key = key;
        this.audience = audience;
    }

    @JsonValue
    public String key() {
        return key;
    }

    /** The CloudEvents {@code type} attribute. */
    public String cloudEventType() {
        return TYPE_PREFIX + key;
    }

    /** Whether the vendor ({@code true}) or a tenant ({@code false}) can receive events of this type. */
    public boolean reaches(boolean vendor) {
        return audience.reaches(vendor);
    }

    public static Optional<EventType> fromKey(String key) {
        String wanted = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.key.equals(wanted)).findFirst();
    }
}
