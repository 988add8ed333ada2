package dev.ringmaster.rehearsal;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Which devices a rule of the {@link FailureModel} applies to.
 *
 * @param share  for {@link Kind#SHARE}: the chance each device is selected (drawn from the rehearsal's seed)
 * @param tenant for {@link Kind#TENANT}: the tenant's id
 * @param zone   for {@link Kind#TIME_ZONE}: the device's zone, or its tenant's when it reported none
 */
public record Selector(Kind kind, double share, String tenant, ZoneId zone) {

    public enum Kind {
        ALL, SHARE, TENANT, TIME_ZONE
    }

    public static final Selector ALL = new Selector(Kind.ALL, 0, null, null);

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
    }

    public static Selector share(double share) {
        return new Selector(Kind.SHARE, share, null, null);
    }

    public static Selector tenant(String tenant) {
        return new Selector(Kind.TENANT, 0, tenant, null);
    }

    public static Selector zone(ZoneId zone) {
        return new Selector(Kind.TIME_ZONE, 0, null, zone);
    }

    /** @param draw a number in [0, 1) drawn for this device and rule, used by {@link Kind#SHARE} only */
    boolean matches(String tenantId, ZoneId deviceZone, double draw) {
        return switch (kind) {
            case ALL -> true;
            case SHARE -> draw < share;
            case TENANT -> tenant.equals(tenantId);
            case TIME_ZONE -> zone.equals(deviceZone);
        };
    }
}
