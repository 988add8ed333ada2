package dev.ringmaster.device.offer;

import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.persistence.Coalesced;
import dev.ringmaster.rollout.engine.BlastRadiusCap;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Makes fresh offers, the only decisions that spend budget (the tenant's concurrency cap, the vendor's blast
 * radius), so each is decided again under locks: vendor-wide first when a release is not proven, then the
 * tenant's, in one transaction that counts the budgets, reads the devices' rows afresh and opens the actions.
 *
 * <p>When a maintenance window opens for a whole fleet, its devices all come for a fresh offer in the same
 * minute, and one transaction per device behind the tenant's lock made them queue at about 80 a second. So the
 * offers of one tenant that arrive while a batch is being made wait for the next batch, which takes them all
 * ({@link Coalesced}): one set of locks, one count of the budgets, one read of every device's rows; then each
 * device is decided in arrival order, spending from what the earlier ones left ({@link Budgets#spend}), and the
 * offers are written in two statements. The caps hold exactly as with one device per transaction: the counts
 * are read under the same locks and every offer of the batch spends from them. An idle tenant's offer is made
 * at once, alone.
 */
@ApplicationScoped
public class FreshOffers {

    /** What a batch decided for one device: the decision, the rows it was made on, and a new action's id. */
    public record Made(OfferDecision decision, List<OfferStore.Stored> stored, Long newActionId) {
    }

    private record Ask(CurrentDevice.AuthenticatedDevice device, Map<String, SemanticVersion> installed, boolean unproven) {
    }

    /** More devices than this waiting at once go in the next batch: the rows of a batch are read in one statement. */
    private static final int MAX_BATCH = 128;

    /**
     * One batcher per tenant that has made a fresh offer on this replica; never emptied, as it holds only its
     * queue of waiting devices. One batch at a time per tenant: a second would only wait for the tenant's lock,
     * holding a connection.
     */
    private final Map<String, Coalesced<Ask, Made>> batchers = new ConcurrentHashMap<>();

    @Inject
    OfferStore store;

    @Inject
    DeviceApiSettings settings;

    @Inject
    OfferMetrics metrics;

    @Inject
    FleetSizes fleetSizes;

    @Inject
    Clock clock;

    @ConfigProperty(name = "ringmaster.blast-radius.devices-per-hour", defaultValue = "1000")
    int blastRadiusPerHour;

    /**
     * Decides again, under the locks, for a device whose first look would make it a fresh offer, and opens the
     * action if the offer still stands. {@code firstLook} only says whether the vendor-wide lock is needed.
     */
    public Made offer(CurrentDevice.AuthenticatedDevice device, Map<String, SemanticVersion> installed,
                      List<OfferStore.Stored> firstLook) {
        boolean unproven = firstLook.stream().anyMatch(stored -> !stored.candidate().proven());
        Made made = batchers.computeIfAbsent(device.tenantId(), tenant -> new Coalesced<>(asks -> BackgroundScope.asTenant(tenant,
                        () -> QuarkusTransaction.requiringNew().call(() -> make(tenant, asks))), 1, MAX_BATCH))
                .get(new Ask(device, Map.copyOf(installed), unproven));
        metrics.made(made);
        return made;
    }

    private Map<Ask, Made> make(String tenantId, List<Ask> asks) {
        Instant now = clock.instant();
        // Vendor-wide lock first, tenant lock second, always in this order, so two batches never deadlock.
        if (asks.stream().anyMatch(Ask::unproven)) {
            store.lockBlastRadius();
        }
        store.lockTenantOffers(tenantId);
        Collection<UUID> devices = new LinkedHashSet<>(asks.stream().map(ask -> ask.device().id()).toList());
        Map<UUID, List<OfferStore.Stored>> stored = store.candidates(tenantId, devices);
        // Only a product a device of the batch runs can be offered to it (OfferRules.wanted): only those are counted.
        Set<String> run = asks.stream().flatMap(ask -> ask.installed().keySet().stream()).collect(Collectors.toSet());
        Budgets budgets = budgets(tenantId, stored.values().stream().flatMap(List::stream)
                .filter(candidate -> run.contains(candidate.candidate().productKey())).toList(), now);
        OfferRules rules = new OfferRules(settings.poll().recheck());
        Map<UUID, OfferDecision> decisions = new HashMap<>();
        List<OfferStore.Opening> openings = new ArrayList<>();
        for (Ask ask : asks) {
            UUID deviceId = ask.device().id();
            if (decisions.containsKey(deviceId)) {
                continue; // the same device twice at once: both get its first decision
            }
            OfferDecision decision = rules.decide(stored.get(deviceId).stream().map(OfferStore.Stored::candidate).toList(),
                    ask.installed(), budgets, now);
            if (decision instanceof OfferDecision.Offer offer && !offer.resumed()) {
                openings.add(new OfferStore.Opening(deviceId, offer.candidate()));
                budgets = budgets.spend(offer.candidate());
            }
            decisions.put(deviceId, decision);
        }
        Map<UUID, Long> actionIds = store.open(tenantId, openings, now);
        Map<Ask, Made> made = new HashMap<>();
        for (Ask ask : asks) {
            UUID deviceId = ask.device().id();
            made.put(ask, new Made(decisions.get(deviceId), stored.get(deviceId), actionIds.get(deviceId)));
        }
        return made;
    }

    /**
     * The budgets the batch spends from, counted under the locks. A product the tenant does not cap (a share of
     * 1, the default) has no concurrency budget, so nothing is counted for it: counting every open action and
     * every device of a large tenant for each batch cost more than the batch's offers.
     */
    private Budgets budgets(String tenantId, List<OfferStore.Stored> stored, Instant now) {
        Instant heardSince = now.minus(settings.installingTimeout());
        Map<String, Integer> concurrency = new HashMap<>();
        for (OfferStore.Stored candidate : stored) {
            String product = candidate.candidate().productKey();
            if (Budgets.caps(candidate.maxConcurrentShare()) && !concurrency.containsKey(product)) {
                concurrency.put(product, Budgets.concurrencyRoom(candidate.maxConcurrentShare(), fleetSizes.of(tenantId, now),
                        store.installing(tenantId, candidate.productId(), heardSince)));
            }
        }
        boolean anyUnproven = stored.stream().anyMatch(candidate -> !candidate.candidate().proven());
        int blast = anyUnproven
                ? (int) Math.max(0, blastRadiusPerHour - store.unprovenOffersSince(now.minus(BlastRadiusCap.WINDOW)))
                : Integer.MAX_VALUE;
        return new Budgets(concurrency, blast);
    }
}
