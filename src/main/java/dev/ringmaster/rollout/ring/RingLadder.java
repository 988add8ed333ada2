package dev.ringmaster.rollout.ring;

import java.math.BigDecimal;
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

    public RingLadder {
        if (cumulativeShares == null || cumulativeShares.isEmpty()) {
            throw new IllegalArgumentException("cumulativeShares must name at least one ring");
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (int ring = 0; ring < cumulativeShares.size(); ring++) {
            BigDecimal share = cumulativeShares.get(ring);
            if (share == null) {
                throw new IllegalArgumentException("cumulativeShares[" + ring + "] must not be null");
            }
            if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(
                        "cumulativeShares[" + ring + "] must be above 0 and at most 1, was " + share);
            }
            if (share.compareTo(previous) <= 0) {
                throw new IllegalArgumentException("cumulativeShares must rise strictly, but ["
                        + ring + "] = " + share + " follows " + previous);
            }
            previous = share;
        }
        // Anything less would leave the top buckets without a ring.
        if (previous.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException("the last of cumulativeShares must be exactly 1, was " + previous);
        }
        cumulativeShares = List.copyOf(cumulativeShares);
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
