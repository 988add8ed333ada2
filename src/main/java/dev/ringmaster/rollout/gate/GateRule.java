package dev.ringmaster.rollout.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a ring must show before the next ring opens, and when it halts the rollout instead.
 *
 * <p>The shares are {@link BigDecimal}, as they are stored, so that "7 % of 100 devices" is exactly 7 and
 * not the 7.000000000000001 a double makes of it and rounds up to 8.
 *
 * @param minFinished       devices that must have finished (succeeded, failed or gone silent) before passing
 * @param minFinishedShare  share of the ring's offered devices that must have finished, in [0, 1]
 * @param maxFailureRate    the failure rate the ring must be confidently under, in (0, 1)
 * @param minSoak           time the ring must have been open before passing
 * @param silenceTimeout    how long an offered device may stay quiet before it counts as silent
 * @param minReportsForHalt finished devices needed before the failure rate may halt the rollout
 * @param installTimeout    how long after its offer a device that keeps checking in may take to finish its install
 *                          before it counts as stuck
 */
public record GateRule(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration minSoak,
                       Duration silenceTimeout, int minReportsForHalt, Duration installTimeout) {

    /** What callers use for {@code minReportsForHalt} when a plan does not say. */
    public static final int DEFAULT_MIN_REPORTS_FOR_HALT = 10;

    /**
     * What callers use for {@code installTimeout} when a plan does not say: long enough for a large download and
     * a reboot on a slow link, short enough that a ring soaking a day notices installs that hang.
     */
    public static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofHours(2);

    private static final Duration LONGEST_INSTALL_TIMEOUT = Duration.ofDays(30);

    /** One broken rule: the parameter's name and what is wrong with it ("must be positive, was PT0S"). */
    public record Violation(String field, String problem) {
    }

    public GateRule {
        List<Violation> violations = violations(minFinished, minFinishedShare, maxFailureRate, minSoak, silenceTimeout,
                minReportsForHalt, installTimeout);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.getFirst().field() + " " + violations.getFirst().problem());
        }
    }

    /** A gate with the default install timeout. */
    public GateRule(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration minSoak,
                    Duration silenceTimeout, int minReportsForHalt) {
        this(minFinished, minFinishedShare, maxFailureRate, minSoak, silenceTimeout, minReportsForHalt,
                DEFAULT_INSTALL_TIMEOUT);
    }

    /** The rules of a gate with the default install timeout. */
    public static List<Violation> violations(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate,
                                             Duration minSoak, Duration silenceTimeout, int minReportsForHalt) {
        return violations(minFinished, minFinishedShare, maxFailureRate, minSoak, silenceTimeout, minReportsForHalt,
                DEFAULT_INSTALL_TIMEOUT);
    }

    /**
     * Every broken rule, empty for a valid gate. The one statement of the rules: the constructor refuses what
     * this finds, and the ring plan editor answers it field by field.
     */
    public static List<Violation> violations(int minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate,
                                             Duration minSoak, Duration silenceTimeout, int minReportsForHalt,
                                             Duration installTimeout) {
        List<Violation> violations = new ArrayList<>();
        if (minFinished < 0) {
            violations.add(new Violation("minFinished", "must not be negative, was " + minFinished));
        }
        if (minFinishedShare == null
                || minFinishedShare.signum() < 0 || minFinishedShare.compareTo(BigDecimal.ONE) > 0) {
            violations.add(new Violation("minFinishedShare", "must be between 0 and 1, was " + minFinishedShare));
        }
        // 0 could never be met (the upper bound is above 0 whatever the reports) and 1 would be no gate at all.
        if (maxFailureRate == null
                || maxFailureRate.signum() <= 0 || maxFailureRate.compareTo(BigDecimal.ONE) >= 0) {
            violations.add(new Violation("maxFailureRate", "must be above 0 and below 1, was " + maxFailureRate));
        }
        if (minSoak == null || minSoak.isNegative()) {
            violations.add(new Violation("minSoak", "must not be negative, was " + minSoak));
        }
        // A zero timeout would call every offered device silent the moment it was offered.
        if (silenceTimeout == null || silenceTimeout.isNegative() || silenceTimeout.isZero()) {
            violations.add(new Violation("silenceTimeout", "must be positive, was " + silenceTimeout));
        }
        // Zero would let one failed report halt a rollout before anything else is known.
        if (minReportsForHalt < 1) {
            violations.add(new Violation("minReportsForHalt", "must be at least 1, was " + minReportsForHalt));
        }
        // Zero would call every offered device stuck the moment it was offered; beyond 30 days a hung install
        // would never be noticed while the ring soaks.
        if (installTimeout == null || !installTimeout.isPositive() || installTimeout.compareTo(LONGEST_INSTALL_TIMEOUT) > 0) {
            violations.add(new Violation("installTimeout", "must be positive and at most 30 days, was " + installTimeout));
        }
        return List.copyOf(violations);
    }

    /** Finished devices the share asks for out of {@code offered}, rounded up: 10 % of 25 needs 3. */
    public int minFinishedOf(int offered) {
        if (offered < 0) {
            throw new IllegalArgumentException("offered must not be negative, was " + offered);
        }
        return minFinishedShare.multiply(BigDecimal.valueOf(offered)).setScale(0, RoundingMode.CEILING).intValueExact();
    }
}
