package dev.ringmaster.device.offer;

import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.schedule.SemanticVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers "what should this device install now?" from the stored windows, with {@link OfferRules}. A first
 * look reads one round trip (or none, from memory) and spends nothing; only when it would make a fresh offer
 * does a second, locked look count the budgets (tenant concurrency, vendor blast radius) and, if there is still
 * room, open the device's action and write the {@code offered} event in the same transaction
 * ({@link FreshOffers}, which makes the offers of devices arriving together in one). The locks make the caps
 * hold when many devices (on many replicas) check in at once.
 */
@ApplicationScoped
public class Offers {

    /** The answer with what the service needs to present it. */
    public record Decided(OfferDecision decision, Long actionId, Optional<ReleaseCard> card, List<OfferStore.Stored> stored) {

        /** When a device told to wait (or that nothing is due) should look again: the time the rules name, or the next recheck. */
        public Instant comeBack(Instant now, Duration recheck) {
            return decision instanceof OfferDecision.Wait wait ? wait.retryAt() : now.plus(recheck);
        }

        /**
         * Until when the device may be told this decision again without deciding it again (the decision cache; both
         * protocols): an offer until its window ends, a cancel until the device is told to come back ({@code poll.min}),
         * a wait until the time its reason names (not the later time the device's jitter makes of it: a device that
         * comes once a window opened, early or without its tag, is decided for again, not kept waiting), never past
         * {@code poll.max}. A wait for a budget other devices share holds for no time: a slot freed by another
         * device is given at the next poll, and nothing in this device's rows would say so.
         */
        public Instant holdsUntil(Instant now, DeviceApiSettings.Poll poll) {
            if (decision instanceof OfferDecision.Wait wait && wait.reason().sharedBudget()) {
                return now;
            }
            Instant longest = now.plus(poll.max());
            Instant until;
            if (decision instanceof OfferDecision.Offer offer) {
                until = offer.candidate().windowEnd();
            } else if (decision instanceof OfferDecision.Cancel) {
                until = now.plus(poll.min());
            } else {
                until = comeBack(now, poll.recheck());
            }
            return until != null && until.isBefore(longest) ? until : longest;
        }
    }

    @Inject
    OfferStore store;

    @Inject
    FreshOffers freshOffers;

    @Inject
    ReleaseCards cards;

    @Inject
    DeviceRowsCache rowsCache;

    @Inject
    DeviceApiSettings settings;

    @Inject
    Clock clock;

    public OfferRules rules() {
        return new OfferRules(settings.poll().recheck());
    }

    /** Decides on the versions stored for the device (a DDI device reports them through its feedback). */
    public Decided decide(CurrentDevice.AuthenticatedDevice device) {
        OfferStore.DeviceLook look = store.look(device.tenantId(), device.id());
        Map<String, SemanticVersion> installed = new HashMap<>();
        look.installed().forEach((product, version) -> {
            try {
                installed.put(product, SemanticVersion.parse(version));
            } catch (IllegalArgumentException unparseable) {
                // A version stored before validation existed: treated as not installed.
            }
        });
        return decide(device, installed, look.candidates());
    }

    /**
     * Decides from a first look at the device's stored windows, read without a transaction. Only a fresh offer
     * opens one, and looks again under the budget locks there, so what the first look saw is never trusted
     * for spending a budget.
     */
    public Decided decide(CurrentDevice.AuthenticatedDevice device, Map<String, SemanticVersion> installed,
                          List<OfferStore.Stored> firstLook) {
        Instant now = clock.instant();
        Optional<OfferStore.Stored> cancel = Cancellations.due(firstLook);
        if (cancel.isPresent()) {
            OfferStore.Stored stopped = cancel.get();
            return new Decided(new OfferDecision.Cancel(stopped.actionId(), stopped.candidate()), stopped.actionId(),
                    cards.of(stopped.candidate().releaseId()), firstLook);
        }
        OfferDecision first = rules().decide(firstLook.stream().map(OfferStore.Stored::candidate).toList(), installed, Budgets.UNCOUNTED, now);
        if (first instanceof OfferDecision.Offer offer && !offer.resumed()) {
            FreshOffers.Made made = freshOffers.offer(device, installed, firstLook);
            Decided decided = decided(made.decision(), made.stored(), made.newActionId());
            // The device's rows in memory have no action for the offer yet; the change feed would say so too, later.
            rowsCache.forget(device.id());
            return decided;
        }
        return decided(first, firstLook, null);
    }

    private Decided decided(OfferDecision decision, List<OfferStore.Stored> stored, Long newActionId) {
        if (decision instanceof OfferDecision.Offer offer) {
            UUID releaseId = offer.candidate().releaseId();
            Long actionId = newActionId != null ? newActionId : stored.stream()
                    .filter(candidate -> candidate.candidate().releaseId().equals(releaseId))
                    .map(OfferStore.Stored::actionId).findFirst().orElse(null);
            return new Decided(decision, actionId, cards.of(releaseId), stored);
        }
        return new Decided(decision, null, Optional.empty(), stored);
    }
}
