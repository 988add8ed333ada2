package dev.ringmaster.device.offer;

import dev.ringmaster.device.CacheMeter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Release cards by release id, kept in memory: a published release's manifest and artifacts never change,
 * so every device offered it is answered without reading them again. Emptied with the decision caches.
 */
@ApplicationScoped
public class ReleaseCards {

    private final Map<UUID, ReleaseCard> cards = new ConcurrentHashMap<>();

    @Inject
    OfferStore store;

    @Inject
    MeterRegistry registry;

    private CacheMeter meter;

    @PostConstruct
    void start() {
        meter = new CacheMeter(registry, "release-cards", cards::size);
    }

    public Optional<ReleaseCard> of(UUID releaseId) {
        ReleaseCard cached = cards.get(releaseId);
        if (cached != null) {
            meter.hit();
            return Optional.of(cached);
        }
        meter.miss();
        Optional<ReleaseCard> loaded = QuarkusTransaction.joiningExisting().call(() -> load(releaseId));
        loaded.ifPresent(card -> cards.put(releaseId, card));
        return loaded;
    }

    public void forgetAll() {
        cards.clear();
    }

    private Optional<ReleaseCard> load(UUID releaseId) {
        List<ReleaseCard.File> files = store.query("""
                SELECT id, name, size_bytes, sha256, external_url, storage_key, sha1, md5 FROM artifacts WHERE release_id = ? ORDER BY name""",
                statement -> statement.setObject(1, releaseId), rows -> {
                    List<ReleaseCard.File> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new ReleaseCard.File(rows.getObject(1, UUID.class), rows.getString(2), rows.getLong(3),
                                rows.getString(4), rows.getString(5) != null ? rows.getString(5)
                                : dev.ringmaster.artifact.DeviceLinks.path(releaseId, rows.getString(2)), rows.getString(6),
                                rows.getString(7), rows.getString(8)));
                    }
                    return found;
                });
        return store.query("""
                SELECT r.id, p.id, p.key, r.version, r.kind, r.manifest_canonical, r.manifest_signature, r.manifest ->> 'keyId'
                  FROM releases r JOIN products p ON p.id = r.product_id
                 WHERE r.id = ? AND r.manifest_canonical IS NOT NULL""",
                statement -> statement.setObject(1, releaseId), rows -> rows.next()
                        ? Optional.of(new ReleaseCard(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), files))
                        : Optional.empty());
    }
}
