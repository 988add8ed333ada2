package dev.ringmaster.rollout.gate;

/**
 * Bounds of the 95 % Wilson score interval for a failure proportion, {@code failures} out of {@code n}.
 *
 * <p>Wilson rather than the textbook normal approximation because rings start small: with 0 failures in 20
 * reports the normal interval collapses to [0, 0] and would call the release perfect, while Wilson still
 * says "up to 16 %". Its bounds stay inside [0, 1] and it behaves at 0 and n failures, exactly the cases a
 * gate meets most.
 *
 * <p>With {@code n = 0} the interval is [0, 1]: nothing is known, so every failure rate is still possible.
 * The formula itself would divide 0 by 0 there; defining it this way means an empty ring can never look
 * confidently good (upper bound 1) nor confidently bad (lower bound 0).
 */
public final class WilsonBound {

    /** The two-sided 95 % quantile of the standard normal distribution. */
    public static final double Z_95 = 1.959963984540054;

    private static final double Z_SQUARED = Z_95 * Z_95;

    private WilsonBound() {
    }

    /** The highest failure rate still plausible given the reports. */
    public static double upper(int failures, int n) {
        requireCounts(failures, n);
        if (n == 0 || failures == n) {
            return 1.0;
        }
        return Math.min(1.0, (centre(failures) + spread(failures, n)) / (n + Z_SQUARED));
    }

    /** The lowest failure rate still plausible given the reports. */
    public static double lower(int failures, int n) {
        requireCounts(failures, n);
        if (n == 0 || failures == 0) {
            return 0.0;
        }
        return Math.max(0.0, (centre(failures) - spread(failures, n)) / (n + Z_SQUARED));
    }

    // The usual formula multiplied through by n, which keeps the arithmetic in counts:
    // (f + z²/2 ± z·sqrt(f·(n−f)/n + z²/4)) / (n + z²).
    private static double centre(int failures) {
        return failures + Z_SQUARED / 2;
    }

    private static double spread(int failures, int n) {
        double successes = (double) n - failures;
        return Z_95 * Math.sqrt(failures * successes / n + Z_SQUARED / 4);
    }

    private static void requireCounts(int failures, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        if (failures < 0 || failures > n) {
            throw new IllegalArgumentException("failures must be between 0 and n (" + n + "), was " + failures);
        }
    }
}
