package dev.ringmaster.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** The vendor's sample products and their default ring plans ({@code tenants-sample/vendor.yaml}). */
public record VendorDocument(List<ProductEntry> products) {

    public record ProductEntry(String key, String name, String description, RingPlanEntry ringPlan,
                               List<ReleaseEntry> releases) {

        public List<ReleaseEntry> releasesOrNone() {
            return releases == null ? List.of() : releases;
        }
    }

    /**
     * A sample release, published. {@code rollout}: {@code none} (published only), {@code completed} (taken
     * through every ring of the default plan, so n-1 and n-2 have history to count), {@code running} (started,
     * ring 0 open).
     */
    public record ReleaseEntry(String version, String notes, List<ArtifactEntry> artifacts, String rollout) {
    }

    public record ArtifactEntry(String name, long sizeBytes, String sha256, String url) {
    }

    public record RingPlanEntry(String name, String salt, List<RingEntry> rings) {
    }

    public record RingEntry(String name, BigDecimal share, Duration minSoak, GateEntry gate, boolean manualApproval) {
    }

    public record GateEntry(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration silenceTimeout) {
    }
}
