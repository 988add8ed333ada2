package dev.ringmaster.rehearsal;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.ringmaster.rollout.RingPlanResource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING;

/**
 * What a vendor asks to rehearse. Everything but the product and version may be left out (see
 * {@link RehearsalRules} for the defaults and limits).
 *
 * @param plan     a stored ring plan of the product by name; with neither this nor {@code rings}, its default plan
 * @param rings    a draft plan given inline, with the ring plan editor's rules
 * @param cohorts  the draft plan's cohort settings (the editor's format: keys, minSample, onFailure, coverageMin); only
 *                 with {@code rings}, since a stored plan has its own
 * @param acceptUncovered a ring held back only by later rings' uncovered cohorts has them accepted at once, as a vendor
 *                 user would with {@code POST /rollouts/{id}/cohorts/accept}; left out, the ring waits for coverage
 * @param start    the virtual instant the rollout starts; now when left out
 * @param scale    how many times over the real fleet is played (copies of each device)
 * @param failures the failure model, in order
 */
public record RehearsalRequest(String product, String version, String plan, List<RingPlanResource.RingSpec> rings,
                               Instant start, @JsonFormat(shape = STRING) Duration horizon,
                               @JsonFormat(shape = STRING) Duration pollInterval, Long seed, Integer scale,
                               @JsonFormat(shape = STRING) Duration installDuration, Boolean approveManualRings,
                               List<FailureSpec> failures, RingPlanResource.CohortSpec cohorts, Boolean acceptUncovered) {

    /** A request whose plan, if a draft, judges rings as a whole only. */
    public RehearsalRequest(String product, String version, String plan, List<RingPlanResource.RingSpec> rings,
                            Instant start, Duration horizon, Duration pollInterval, Long seed, Integer scale,
                            Duration installDuration, Boolean approveManualRings, List<FailureSpec> failures) {
        this(product, version, plan, rings, start, horizon, pollInterval, seed, scale, installDuration, approveManualRings,
                failures, null, null);
    }

    /**
     * One rule of the failure model.
     *
     * @param selector    all, share, tenant, time-zone or attributes
     * @param attributes  attributes: pairs a device's attributes must all hold ({"model": "X", "region": "eu"})
     * @param behaviour   healthy, fails, silent-brick, crash-loop, slow-failure, flaky-network, offline or regional-outage
     * @param probability fails: the chance an install fails; flaky-network: the chance a check-in is lost
     * @param delay       slow-failure: how long after its success the device falls back
     * @param from        regional-outage: when after the start the selected devices go quiet
     * @param until       regional-outage: when after the start they come back
     */
    public record FailureSpec(String selector, BigDecimal share, String tenant, String timeZone,
                              Map<String, String> attributes, String behaviour,
                              BigDecimal probability, @JsonFormat(shape = STRING) Duration delay,
                              @JsonFormat(shape = STRING) Duration from, @JsonFormat(shape = STRING) Duration until) {
    }
}
