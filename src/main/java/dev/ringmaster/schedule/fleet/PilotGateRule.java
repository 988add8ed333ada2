package dev.ringmaster.schedule.fleet;

import dev.ringmaster.rollout.gate.DeviceStanding;
import dev.ringmaster.schedule.RingOpening;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's pilot gate for one product (DESIGN.md, "The merge", point 3): the tenant's other devices wait until
 * enough pilot devices succeeded (a success counts once confirmed, see {@link PilotReport#of}), few enough failed,
 * and the pilot soak has elapsed.
 *
 * <p>When the gate passed, for one release, given what the pilot devices reported:
 * <ul>
 *   <li>The soak starts at the first moment any pilot device could take the release: the earliest opening of a
 *       pilot device's ring (an actual opening, not a forecast) or the first {@code offered} report, whichever
 *       came first.</li>
 *   <li>It passes at the later of soak start + soak and the moment the {@code minSucceeded}-th pilot device
 *       succeeded (the soak start itself when none are required).</li>
 *   <li>Only if that moment is not after {@code now} and the failure rate now (failed or silent pilot devices over
 *       those that finished; a silence the device reported after no longer counts, see {@link PilotReport#of}) is at most {@code maxFailureRate}. The rate is judged as of now rather than as of the
 *       passing moment: a pilot failure that arrives later closes the gate again for devices not yet updated,
 *       which is the safer reading.</li>
 * </ul>
 * Each device counts once: its first success, or its first failure if it failed at all.
 */
public record PilotGateRule(int minSucceeded, BigDecimal maxFailureRate, Duration soak) {

    /**
     * What one pilot device did with one release, as the gate counts it; any of the instants may be null.
     *
     * @param firstSucceeded when its success was reported, once the success counts (confirmed)
     * @param firstFailed    when it failed: reported, recorded silent, or reverted
     */
    public record PilotReport(Instant firstOffered, Instant firstSucceeded, Instant firstFailed) {

        /**
         * A pilot's report from its events, judged by the rule every gate counts by ({@link DeviceStanding}): a
         * reported failure always counts; a reported success counts only once the device checked in running the
         * release, and one that came back on another version counts as reverted, a failure at its success; until
         * then it counts as neither. A recorded silence (DESIGN.md, "Silence is failure") counts as a failure at the
         * moment it was recorded, unless the device reported anything after it: then it counts by its reports. The
         * gate reads silence from the recorded event, so the standing is judged as of a device still heard of.
         *
         * @param lastSilent       the newest {@code silent} event, null if none
         * @param lastReported     the newest report of the device itself (progress or outcome), null if none
         * @param runsRelease      it checked in running the release after its success
         * @param runsOtherVersion it checked in on another version after its success
         */
        public static PilotReport of(Instant firstOffered, Instant firstSucceeded, Instant firstFailed,
                                     Instant lastSilent, Instant lastReported, boolean runsRelease, boolean runsOtherVersion) {
            DeviceStanding.Reported reported = firstFailed != null ? DeviceStanding.Reported.FAILED
                    : firstSucceeded != null ? DeviceStanding.Reported.SUCCEEDED : DeviceStanding.Reported.NOTHING;
            DeviceStanding.Status standing = DeviceStanding.of(
                    new DeviceStanding.Facts(reported, true, false, runsRelease, runsOtherVersion));
            boolean silenceStands = lastSilent != null && (lastReported == null || lastSilent.isAfter(lastReported));
            Instant failed = switch (standing) {
                case FAILED -> firstFailed;
                case REVERTED -> firstSucceeded;
                default -> silenceStands ? lastSilent : null;
            };
            Instant succeeded = standing == DeviceStanding.Status.SUCCEEDED ? firstSucceeded : null;
            return new PilotReport(firstOffered, succeeded, failed);
        }
    }

    public PilotGateRule {
        Objects.requireNonNull(maxFailureRate, "maxFailureRate");
        Objects.requireNonNull(soak, "soak");
    }

    /**
     * Where the gate stands for one release. {@code FAILED} means more finished pilots failed than the gate allows:
     * it holds only as long as the reports say so (a reverted silence or a new pilot can bring the rate back down),
     * which is why it is an outcome judged now and not a final verdict.
     */
    public enum Outcome {
        PENDING, PASSED, FAILED;

        /** As stored and as events name it. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Outcome fromKey(String key) {
            return valueOf(key.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Each pilot counted once: its failure if it failed at all, else its success. */
    private record Tally(Instant soakStart, int succeeded, int failed, List<Instant> successes) {

        static Tally of(Instant pilotRingOpened, List<PilotReport> reports) {
            Instant soakStart = pilotRingOpened;
            int failed = 0;
            List<Instant> successes = new java.util.ArrayList<>();
            for (PilotReport report : reports) {
                if (report.firstOffered() != null && (soakStart == null || report.firstOffered().isBefore(soakStart))) {
                    soakStart = report.firstOffered();
                }
                if (report.firstFailed() != null) {
                    failed++;
                } else if (report.firstSucceeded() != null) {
                    successes.add(report.firstSucceeded());
                }
            }
            successes.sort(null);
            return new Tally(soakStart, successes.size(), failed, successes);
        }
    }

    /** @param pilotRingOpened the earliest actual opening of a pilot device's ring; null if none opened yet */
    public Instant passedAt(Instant pilotRingOpened, List<PilotReport> reports, Instant now) {
        Tally tally = Tally.of(pilotRingOpened, reports);
        if (tally.soakStart() == null || tally.succeeded() < minSucceeded || tooManyFailed(tally)) {
            return null;
        }
        Instant passed = tally.soakStart().plus(soak);
        if (minSucceeded > 0) {
            Instant enough = tally.successes().get(minSucceeded - 1);
            passed = enough.isAfter(passed) ? enough : passed;
        }
        return passed.isAfter(now) ? null : passed;
    }

    /** The gate's outcome now: passed as {@link #passedAt} says, failed while the failure rate is above the limit. */
    public Outcome outcome(Instant pilotRingOpened, List<PilotReport> reports, Instant now) {
        if (passedAt(pilotRingOpened, reports, now) != null) {
            return Outcome.PASSED;
        }
        return tooManyFailed(Tally.of(pilotRingOpened, reports)) ? Outcome.FAILED : Outcome.PENDING;
    }

    private boolean tooManyFailed(Tally tally) {
        int finished = tally.succeeded() + tally.failed();
        return finished > 0 && BigDecimal.valueOf(tally.failed()).compareTo(maxFailureRate.multiply(BigDecimal.valueOf(finished))) > 0;
    }

    /**
     * The earliest actual opening (not a forecast) of a pilot device's ring, placed as {@link TenantPlan} plans it
     * ({@link dev.ringmaster.rollout.ring.RingPlacement}). Null if none opened yet.
     *
     * @param internal the pilots belong to the vendor's own fleet
     */
    public static Instant pilotRingOpened(String productKey, RolloutFacts rollout, java.util.Set<java.util.UUID> pilotDevices,
            boolean internal) {
        Instant earliest = null;
        for (java.util.UUID device : pilotDevices) {
            int ring = rollout.placement().ringOf(device, productKey, internal, true);
            java.util.Optional<RingOpening> opening = rollout.schedule().opening(ring);
            if (opening.isPresent() && !opening.get().forecast()
                    && (earliest == null || opening.get().at().isBefore(earliest))) {
                earliest = opening.get().at();
            }
        }
        return earliest;
    }
}
