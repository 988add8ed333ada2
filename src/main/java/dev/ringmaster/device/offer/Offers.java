package dev.ringmaster.device.offer;

import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.rollout.engine.BlastRadiusCap;
import dev.ringmaster.schedule.SemanticVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers "what should this device install now?" from the stored windows, with {@link OfferRules}. A first
 * look reads one round trip and spends nothing; only when it would make a fresh offer does a second, locked look
 * count the budgets (tenant concurrency, vendor blast radius) and, if there is still room, open the device's
 * action and write the {@code offered} event in the same transaction. The locks make the caps hold when
 * many devices (on many replicas) check in at once.
 */
@ApplicationScoped
public class Offers {

    /** The answer with what the service needs to present it. */
    public record Decided(OfferDecision decision, Long actionId, Optional<ReleaseCard> card, List<OfferStore.Stored> stored) {
    }

    @Inject
    OfferStore store;

    @Inject
    ReleaseCards cards;

    @Inject
    DeviceRowsCache rowsCache;

    @Inject
    DeviceApiSettings settings;

    @Inject
    Clock clock;

    @ConfigProperty(name = "ringmaster.blast-radius.devices-per-hour", defaultValue = "1000")
    int blastRadiusPerHour;

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
            // One transaction: its locks end with its commit, and its reads and writes share one connection.
            Decided decided = QuarkusTransaction.requiringNew().call(() -> offerWithBudgets(device, installed, firstLook, now));
            // The device's rows in memory have no action for the offer yet; the change feed would say so too, later.
            rowsCache.forget(device.id());
            return decided;
        }
        return decided(first, firstLook, null);
    }

    private Decided offerWithBudgets(CurrentDevice.AuthenticatedDevice device, Map<String, SemanticVersion> installed,
                                     List<OfferStore.Stored> firstLook, Instant now) {
        // Vendor-wide lock first, tenant lock second, always in this order, so two offers never deadlock.
        if (firstLook.stream().anyMatch(stored -> !stored.candidate().proven())) {
            store.lockBlastRadius();
        }
        store.lockTenantOffers(device.tenantId());
        List<OfferStore.Stored> stored = store.candidates(device.tenantId(), device.id());
        Budgets budgets = budgets(device.tenantId(), stored, now);
        OfferDecision decision = rules().decide(stored.stream().map(OfferStore.Stored::candidate).toList(), installed, budgets, now);
        Long actionId = null;
        if (decision instanceof OfferDecision.Offer offer && !offer.resumed()) {
            actionId = store.open(device.tenantId(), device.id(), offer.candidate(), now);
        }
        return decided(decision, stored, actionId);
    }

    private Budgets budgets(String tenantId, List<OfferStore.Stored> stored, Instant now) {
        long devices = store.activeDevices(tenantId);
        Instant heardSince = now.minus(settings.installingTimeout());
        Map<String, Integer> concurrency = new HashMap<>();
        for (OfferStore.Stored candidate : stored) {
            concurrency.computeIfAbsent(candidate.candidate().productKey(), product -> Budgets.concurrencyRoom(
                    candidate.maxConcurrentShare(), devices, store.installing(tenantId, candidate.productId(), heardSince)));
        }
        boolean anyUnproven = stored.stream().anyMatch(candidate -> !candidate.candidate().proven());
        int blast = anyUnproven
                ? (int) Math.max(0, blastRadiusPerHour - store.unprovenOffersSince(now.minus(BlastRadiusCap.WINDOW)))
                : Integer.MAX_VALUE;
        return new Budgets(concurrency, blast);
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
