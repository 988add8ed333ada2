package dev.ringmaster.policy;

import java.util.UUID;

/**
 * Fired (CDI event, synchronously, inside the transaction of the change) when a tenant's policy for a product or
 * its decision on one of the product's releases changed. The release windows of that tenant and product are
 * recomputed from it in the same transaction.
 */
public record PolicyChanged(String tenantId, UUID productId) {
}
