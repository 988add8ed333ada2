package dev.ringmaster.device.offer;

import java.util.Map;

/**
 * How many more fresh offers may be made now: per product, within the device's tenant (the tenant's share of
 * devices that may be installing it at once), and vendor-wide for releases not yet proven (the blast radius).
 */
public record Budgets(Map<String, Integer> concurrencyByProduct, int blastRadius) {

    /** For a first look without counting: if that look offers nothing, the counts are never needed. */
    public static final Budgets UNCOUNTED = new Budgets(Map.of(), Integer.MAX_VALUE);

    public Budgets {
        concurrencyByProduct = Map.copyOf(concurrencyByProduct);
    }

    /** A product not counted has no limit (the first look, or a product with no installs to count). */
    public int concurrency(String productKey) {
        return concurrencyByProduct.getOrDefault(productKey, Integer.MAX_VALUE);
    }

    /** The tenant's room: its cap (a share of its devices, at least one device) minus those installing. */
    public static int concurrencyRoom(double maxConcurrentShare, long tenantDevices, long installing) {
        long cap = Math.max(1, (long) Math.floor(maxConcurrentShare * tenantDevices));
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, cap - installing));
    }
}
