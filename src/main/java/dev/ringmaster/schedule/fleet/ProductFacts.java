package dev.ringmaster.schedule.fleet;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One product and the releases its devices can be sent to. */
public record ProductFacts(UUID productId, String productKey, List<ReleaseCandidate> candidates) {

    public ProductFacts {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(productKey, "productKey");
        candidates = List.copyOf(candidates);
    }
}
