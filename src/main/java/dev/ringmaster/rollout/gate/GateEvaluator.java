package dev.ringmaster.rollout.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides a ring's gate from its health. Pure: the same rule, health and soak always give the same decision.
 *
 * <p>The rule, in this order:
 * <ol>
 *   <li><b>Silence, stuck installs and fallbacks.</b> Devices stuck past the install timeout and devices that
 *       came back on the old version after reporting success count as failed, seen as such. Offered devices
 *       that went silent count as failed (a bricked device cannot report
 *       failure), unless the silence looks like an outage by the health's {@link ControlGroup} (the
 *       not-yet-updated devices it was counted with).</li>
 *   <li><b>HALT</b> when at least {@code minReportsForHalt} devices finished and the <em>lower</em> Wilson
 *       bound of failures / finished is above {@code maxFailureRate}: the release is confidently worse than
 *       allowed. If that halt rests on outage-like silence, that is, the reported results alone (failed out
 *       of succeeded + failed) would not halt, the outcome is <b>HOLD</b> instead.</li>
 *   <li><b>PASS</b> when the soak has elapsed, enough devices finished (absolute and as a share of the
 *       offered ones, rounded up) and the <em>upper</em> Wilson bound is at most {@code maxFailureRate}: the
 *       release is confidently no worse than allowed.</li>
 *   <li><b>WAIT</b> otherwise, with a reason for each thing still missing.</li>
 * </ol>
 *
 * <p>Why the lower bound halts and the upper bound passes. Halting whenever the upper bound exceeds the
 * threshold would halt perfect releases: with no failure at all the upper bound is z² / (n + z²), above a 2 %
 * threshold until 189 devices finished, far more than a canary ring holds. Between the two bounds the
 * reports cannot tell a good release from a bad one, and the honest answer is to keep collecting. Passing
 * is inclusive (upper bound equal to the threshold passes) and halting is strict (lower bound equal to the
 * threshold does not halt), so a release exactly at the limit is allowed.
 *
 * <p>Why an outage only holds when silence is what would halt. Some devices are always switched off; if any
 * comparable quiet put the ring on hold, background churn would hold every ring. The design asks that an
 * outage "does not halt everything": so outage-like silence turns a halt into a hold, and otherwise still
 * counts as failure, which only makes passing harder.
 */
public final class GateEvaluator {

    /** {@link ControlGroup#OUTAGE_QUIET_RATIO}, where the outage rule lives. */
    public static final double OUTAGE_QUIET_RATIO = ControlGroup.OUTAGE_QUIET_RATIO;

    private GateEvaluator() {
    }

    public static GateDecision evaluate(GateRule rule, RingHealth health, Duration soaked) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(soaked, "soaked");
        if (soaked.isNegative()) {
            throw new IllegalArgumentException("soaked must not be negative, was " + soaked);
        }

        List<String> reasons = new ArrayList<>();
        ControlGroup control = ControlGroup.of(health);
        boolean outage = control.read(health) == ControlGroup.Reading.OUTAGE;
        if (health.silent() > 0) {
            reasons.add(control.silenceReason(health));
        }

        BigDecimal threshold = rule.maxFailureRate();
        int finished = health.finished();
        int failures = health.failures();
        double lower = WilsonBound.lower(failures, finished);
        boolean confidentlyBad = lower > threshold.doubleValue();
        boolean enoughToHalt = finished >= rule.minReportsForHalt();

        if (confidentlyBad && enoughToHalt) {
            String rate = "failure rate lower bound " + percent(lower, threshold) + " > " + percent(threshold)
                    + " (" + failures + " of " + finished + " finished failed" + failureKinds(health) + ")";
            if (outage && !reportsAloneHalt(rule, health)) {
                reasons.add("counting the silent devices as failed would halt: " + rate
                        + "; the reported results alone would not (" + health.observedFailures() + " of " + health.reported()
                        + " reported failed), so the ring is on hold until the quiet devices check in again");
                return new GateDecision(GateOutcome.HOLD, reasons);
            }
            reasons.add(rate);
            return new GateDecision(GateOutcome.HALT, reasons);
        }

        List<String> met = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (confidentlyBad) {
            missing.add("failure rate lower bound " + percent(lower, threshold) + " > " + percent(threshold)
                    + ", but a halt needs " + rule.minReportsForHalt() + " finished and " + finished + " are");
        }

        if (soaked.compareTo(rule.minSoak()) >= 0) {
            met.add("soaked " + duration(soaked) + " of " + duration(rule.minSoak()) + " minimum");
        } else {
            missing.add("soaked " + duration(soaked) + " of " + duration(rule.minSoak()) + " minimum ("
                    + duration(rule.minSoak().minus(soaked)) + " to go)");
        }

        if (finished >= rule.minFinished()) {
            met.add(finished + " finished, " + rule.minFinished() + " needed");
        } else {
            missing.add(finished + " finished, " + rule.minFinished() + " needed");
        }

        int neededByShare = rule.minFinishedOf(health.offered());
        String share = " (" + percent(rule.minFinishedShare()) + " of " + health.offered() + " offered)";
        if (finished >= neededByShare) {
            met.add(finished + " finished, " + neededByShare + " needed" + share);
        } else {
            missing.add(finished + " finished, " + neededByShare + " needed" + share);
        }

        double upper = WilsonBound.upper(failures, finished);
        String counts = " (" + failures + " of " + finished + " finished failed)";
        if (upper <= threshold.doubleValue()) {
            met.add("failure rate upper bound " + percent(upper, threshold) + " ≤ " + percent(threshold) + counts);
        } else {
            missing.add("failure rate upper bound " + percent(upper, threshold) + " > " + percent(threshold) + counts);
        }

        if (missing.isEmpty()) {
            reasons.addAll(met);
            return new GateDecision(GateOutcome.PASS, reasons);
        }
        reasons.addAll(missing);
        return new GateDecision(GateOutcome.WAIT, reasons);
    }

    private static boolean reportsAloneHalt(GateRule rule, RingHealth health) {
        return health.reported() >= rule.minReportsForHalt()
                && WilsonBound.lower(health.observedFailures(), health.reported()) > rule.maxFailureRate().doubleValue();
    }

    /** ", 3 of them silent, 2 stuck, 1 reverted": the failures that are not plain reported failures. */
    private static String failureKinds(RingHealth health) {
        List<String> kinds = new ArrayList<>();
        if (health.silent() > 0) {
            kinds.add(health.silent() + " silent");
        }
        if (health.stuck() > 0) {
            kinds.add(health.stuck() + " stuck");
        }
        if (health.reverted() > 0) {
            kinds.add(health.reverted() + " reverted");
        }
        return kinds.isEmpty() ? ", 0 of them silent" : ", " + String.join(", ", kinds).replaceFirst(" ", " of them ");
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String percent(BigDecimal share) {
        return share.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    /**
     * A measured rate shown next to the threshold it is compared with, with as many decimals as it takes not
     * to print "2.0 % > 2 %".
     */
    private static String percent(double share, BigDecimal threshold) {
        BigDecimal exact = new BigDecimal(share).movePointRight(2);
        BigDecimal limit = threshold.movePointRight(2);
        BigDecimal shown = exact.setScale(1, RoundingMode.HALF_UP);
        for (int decimals = 2; decimals <= 6 && shown.compareTo(limit) == 0 && exact.compareTo(limit) != 0; decimals++) {
            shown = exact.setScale(decimals, RoundingMode.HALF_UP);
        }
        return shown.toPlainString() + " %";
    }

    private static String duration(Duration duration) {
        if (duration.toSeconds() == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toDaysPart(), "d");
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            text.append(text.isEmpty() ? "" : " ").append(amount).append(unit);
        }
    }
}
