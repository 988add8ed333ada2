package dev.ringmaster.rehearsal;

import dev.ringmaster.tenancy.AttributeFilter;
import dev.ringmaster.tenancy.DeviceAttributes;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Which devices a rule of the {@link FailureModel} applies to.
 *
 * @param share      for {@link Kind#SHARE}: the chance each device is selected (drawn from the rehearsal's seed)
 * @param tenant     for {@link Kind#TENANT}: the tenant's id
 * @param zone       for {@link Kind#TIME_ZONE}: the device's zone, or its tenant's when it reported none
 * @param attributes for {@link Kind#ATTRIBUTES}: pairs the device's attributes must all hold, as the fleet filter and
 *                   dynamic groups match them; a cohort is selected by naming each of the plan's cohort keys
 */
public record Selector(Kind kind, double share, String tenant, ZoneId zone, AttributeFilter attributes) {

    public enum Kind {
        ALL, SHARE, TENANT, TIME_ZONE, ATTRIBUTES;

        /** "time-zone" for {@link #TIME_ZONE}. */
        public String code() {
            return KindCode.of(this);
        }

        /** Null when no kind has that code. */
        public static Kind fromCode(String code) {
            return KindCode.parse(Kind.class, code);
        }
    }

    public static final Selector ALL = new Selector(Kind.ALL, 0, null, null, null);

    public Selector {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.SHARE && (share < 0 || share > 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1, was " + share);
        }
        if (kind == Kind.TENANT) {
            Objects.requireNonNull(tenant, "tenant");
        }
        if (kind == Kind.TIME_ZONE) {
            Objects.requireNonNull(zone, "zone");
        }
        if (kind == Kind.ATTRIBUTES) {
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    public static Selector share(double share) {
        return new Selector(Kind.SHARE, share, null, null, null);
    }

    public static Selector tenant(String tenant) {
        return new Selector(Kind.TENANT, 0, tenant, null, null);
    }

    public static Selector zone(ZoneId zone) {
        return new Selector(Kind.TIME_ZONE, 0, null, zone, null);
    }

    public static Selector attributes(AttributeFilter attributes) {
        return new Selector(Kind.ATTRIBUTES, 0, null, null, attributes);
    }

    /** @param draw a number in [0, 1) drawn for this device and rule, used by {@link Kind#SHARE} only */
    boolean matches(String tenantId, ZoneId deviceZone, DeviceAttributes deviceAttributes, double draw) {
        return switch (kind) {
            case ALL -> true;
            case SHARE -> draw < share;
            case TENANT -> tenant.equals(tenantId);
            case TIME_ZONE -> zone.equals(deviceZone);
            case ATTRIBUTES -> attributes.matches(deviceAttributes);
        };
    }
}
