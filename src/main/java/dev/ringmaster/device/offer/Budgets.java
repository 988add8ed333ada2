package dev.ringmaster.device.offer;

import java.util.HashMap;
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

    /**
     * What is left after {@code offered} was given to a device: one place less in its product's concurrency
     * (the device now counts as installing), and one less in the blast radius if it is not proven yet. Several
     * fresh offers decided in one locked look spend from the budgets counted once, so the caps hold exactly.
     */
    public Budgets spend(OfferCandidate offered) {
        Map<String, Integer> concurrency = new HashMap<>(concurrencyByProduct);
        concurrency.computeIfPresent(offered.productKey(), (product, room) -> room == Integer.MAX_VALUE ? room : room - 1);
        int blast = offered.proven() || blastRadius == Integer.MAX_VALUE ? blastRadius : blastRadius - 1;
        return new Budgets(concurrency, blast);
    }

    /** Whether a tenant's share caps its concurrent installs at all: a share of 1 lets every device install at once. */
    public static boolean caps(double maxConcurrentShare) {
        return maxConcurrentShare < 1.0;
    }

    /** The tenant's room: its cap (a share of its devices, at least one device) minus those installing. */
    public static int concurrencyRoom(double maxConcurrentShare, long tenantDevices, long installing) {
        long cap = Math.max(1, (long) Math.floor(maxConcurrentShare * tenantDevices));
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, cap - installing));
    }
}
