package dev.ringmaster.rollout.ring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A ring plan's cumulative shares of the install base, e.g. [0.01, 0.1, 1]: ring 0 takes the buckets below
 * 0.01, ring 1 those from 0.01 below 0.1, ring 2 the rest.
 *
 * <p>Buckets are compared with the shares exactly, as real numbers, not after rounding the share to a
 * double: a bucket is a multiple of 2^-53, a share a decimal, and a double near a share boundary must not
 * land in a different ring depending on how the share rounds.
 */
public record RingLadder(List<BigDecimal> cumulativeShares) {

    /**
     * One broken rule of a ladder.
     *
     * @param index   the share it is about, or -1 for the ladder as a whole
     * @param problem what is wrong, worded to follow the share's name ("must not be null")
     */
    public record Violation(int index, String problem) {
    }

    public RingLadder {
        List<Violation> violations = violations(cumulativeShares);
        if (!violations.isEmpty()) {
            Violation first = violations.getFirst();
            throw new IllegalArgumentException("cumulativeShares"
                    + (first.index() < 0 ? "" : "[" + first.index() + "]") + " " + first.problem());
        }
        cumulativeShares = List.copyOf(cumulativeShares);
    }

    /**
     * Every broken rule of the shares, in order, empty for a valid ladder. The one statement of the rules: the
     * constructor refuses what this finds, and the ring plan editor answers it field by field.
     */
    public static List<Violation> violations(List<BigDecimal> cumulativeShares) {
        if (cumulativeShares == null || cumulativeShares.isEmpty()) {
            return List.of(new Violation(-1, "must name at least one ring"));
        }
        List<Violation> violations = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (int ring = 0; ring < cumulativeShares.size(); ring++) {
            BigDecimal share = cumulativeShares.get(ring);
            if (share == null) {
                violations.add(new Violation(ring, "must not be null"));
            } else if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
                violations.add(new Violation(ring, "must be above 0 and at most 1, was " + share.toPlainString()));
            } else if (share.compareTo(previous) <= 0) {
                violations.add(new Violation(ring, "must be above the share before it (" + previous.toPlainString()
                        + "), was " + share.toPlainString()));
            } else {
                previous = share;
            }
        }
        // Anything less would leave the top buckets without a ring.
        int last = cumulativeShares.size() - 1;
        BigDecimal top = cumulativeShares.get(last);
        if (violations.isEmpty() && top.compareTo(BigDecimal.ONE) != 0) {
            violations.add(new Violation(last, "must be exactly 1 as the last share, was " + top.toPlainString()));
        }
        return List.copyOf(violations);
    }

    /** The index of the first ring whose cumulative share exceeds the bucket; a bucket on a share goes above it. */
    public int ringOf(double bucket) {
        if (!(bucket >= 0.0 && bucket < 1.0)) {
            throw new IllegalArgumentException("bucket must be in [0, 1), was " + bucket);
        }
        BigDecimal exact = new BigDecimal(bucket);
        for (int ring = 0; ring < cumulativeShares.size(); ring++) {
            if (exact.compareTo(cumulativeShares.get(ring)) < 0) {
                return ring;
            }
        }
        throw new AssertionError("the last share is 1 and the bucket is below 1");
    }
}
