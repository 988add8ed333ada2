package dev.ringmaster.device;

import dev.ringmaster.persistence.Coalesced;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.EnrollmentKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Takes enrollment keys' uses for enrollments arriving together in one transaction ({@link Coalesced}): a fleet
 * enrolling with one key would otherwise queue on the key's row lock for one durable commit each. Within a batch
 * the keys are taken in the order of their hashes, so two replicas' batches never deadlock; a key's uses go to
 * its enrollments in arrival order, and the ones past its limit are refused.
 */
@ApplicationScoped
public class KeyUses {

    /** One enrollment's ask; compared by identity, as two devices may present the same key at once. */
    private static final class Ask {
        private final String keyHash;

        private Ask(String keyHash) {
            this.keyHash = keyHash;
        }
    }

    /** Enrollments waiting while a batch commits go in the next one, at most this many. */
    private static final int MAX_BATCH = 256;

    private final Coalesced<Ask, Optional<String>> batches = new Coalesced<>(this::take, 1, MAX_BATCH);

    @Inject
    Clock clock;

    /** The key's tenant if the key was usable and had a use left for this enrollment. */
    public Optional<String> take(String keyHash) {
        return batches.get(new Ask(keyHash));
    }

    private Map<Ask, Optional<String>> take(List<Ask> asks) {
        Map<String, List<Ask>> byKey = new TreeMap<>();
        asks.forEach(ask -> byKey.computeIfAbsent(ask.keyHash, key -> new ArrayList<>()).add(ask));
        Instant now = clock.instant();
        // The key is what names the tenant, so taking its uses is the one step that looks across tenants.
        Map<String, Optional<EnrollmentKey.Granted>> granted = BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Optional<EnrollmentKey.Granted>> taken = new LinkedHashMap<>();
            byKey.forEach((keyHash, waiting) -> taken.put(keyHash, EnrollmentKey.takeUses(keyHash, waiting.size(), now)));
            return taken;
        }));
        Map<Ask, Optional<String>> answers = new HashMap<>();
        byKey.forEach((keyHash, waiting) -> {
            Optional<EnrollmentKey.Granted> key = granted.get(keyHash);
            int left = key.map(EnrollmentKey.Granted::uses).orElse(0);
            for (Ask ask : waiting) {
                answers.put(ask, left-- > 0 ? key.map(EnrollmentKey.Granted::tenantId) : Optional.empty());
            }
        });
        return answers;
    }
}
