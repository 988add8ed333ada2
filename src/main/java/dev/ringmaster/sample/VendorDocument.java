package dev.ringmaster.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** The vendor's sample products and their default ring plans ({@code tenants-sample/vendor.yaml}). */
public record VendorDocument(List<ProductEntry> products) {

    public record ProductEntry(String key, String name, String description, RingPlanEntry ringPlan) {
    }

    public record RingPlanEntry(String name, String salt, List<RingEntry> rings) {
    }

    public record RingEntry(String name, BigDecimal share, Duration minSoak, GateEntry gate, boolean manualApproval) {
    }

    public record GateEntry(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration silenceTimeout) {
    }
}
