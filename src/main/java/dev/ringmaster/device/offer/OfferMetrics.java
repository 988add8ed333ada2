package dev.ringmaster.device.offer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code ringmaster_offers_fresh_total{release=proven|unproven}}: actions opened, once per device and release; and
 * {@code ringmaster_offer_caps_hit_total{cap=concurrency|blast-radius}}: fresh offers the locked look refused
 * because a cap was reached (a device that keeps asking is counted on each ask). Counted after the batch's
 * transaction committed, so a rolled-back batch counts nothing.
 * Created at start, so every series is there from the first scrape, at zero until something happens.
 */
@Startup
@ApplicationScoped
public class OfferMetrics {

    private final Counter provenOffers;
    private final Counter unprovenOffers;
    private final Counter concurrencyCap;
    private final Counter blastRadiusCap;

    @Inject
    public OfferMetrics(MeterRegistry registry) {
        provenOffers = fresh(registry, "proven");
        unprovenOffers = fresh(registry, "unproven");
        concurrencyCap = capHit(registry, WaitReason.CONCURRENCY_CAP);
        blastRadiusCap = capHit(registry, WaitReason.BLAST_RADIUS_CAP);
    }

    void made(FreshOffers.Made made) {
        if (made.decision() instanceof OfferDecision.Offer offer && made.newActionId() != null) {
            (offer.candidate().proven() ? provenOffers : unprovenOffers).increment();
        } else if (made.decision() instanceof OfferDecision.Wait wait) {
            switch (wait.reason()) {
                case CONCURRENCY_CAP -> concurrencyCap.increment();
                case BLAST_RADIUS_CAP -> blastRadiusCap.increment();
                default -> {
                    // other waits are counted with the poll that gets them (PollMetrics)
                }
            }
        }
    }

    private static Counter fresh(MeterRegistry registry, String release) {
        return Counter.builder("ringmaster.offers.fresh").description("Fresh offers made (actions opened)")
                .tag("release", release).register(registry);
    }

    private static Counter capHit(MeterRegistry registry, WaitReason cap) {
        return Counter.builder("ringmaster.offer.caps.hit").description("Fresh offers refused because a cap was reached")
                .tag("cap", cap.code().replace("-cap", "")).register(registry);
    }
}
