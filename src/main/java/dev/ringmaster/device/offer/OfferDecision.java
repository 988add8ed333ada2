package dev.ringmaster.device.offer;

import java.time.Instant;
import java.util.Objects;

/** What a device is told at check-in: install this release now, cancel the install it is at, or nothing until a time. */
public sealed interface OfferDecision {

    /**
     * Install {@code candidate}. {@code resumed}: the device was offered it before and has not finished, so
     * the offer is repeated without counting against any budget again.
     */
    record Offer(OfferCandidate candidate, boolean resumed) implements OfferDecision {
        public Offer {
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /** Nothing to install; come back at {@code retryAt}. {@code reason} is a short machine-readable code. */
    record Wait(Instant retryAt, WaitReason reason) implements OfferDecision {
        public Wait {
            Objects.requireNonNull(retryAt, "retryAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Stop the install of {@code candidate}'s release under {@code actionId}: its rollout stopped ({@link Cancellations}). */
    record Cancel(long actionId, OfferCandidate candidate) implements OfferDecision {
        public Cancel {
            Objects.requireNonNull(candidate, "candidate");
        }
    }
}
