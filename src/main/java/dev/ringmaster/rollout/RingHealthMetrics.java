package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.RingHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Ring health as Prometheus gauges, from the reconciler's last count on this instance:
 * {@code ringmaster_ring_devices{product, version, rollout, ring, status}} with status offered, downloading,
 * installing, unconfirmed, succeeded, failed, silent, stuck or reverted. Rollouts that ended drop out of the gauges at the next pass.
 *
 * <p>Each ring's gauges read its latest count from a holder that a new count replaces in place, so a count costs no
 * registration: the gauges are registered again only when a ring comes or goes, and then only those rows change
 * (re-registering every row on every count made each reconciler pass quadratic in the rings running).
 */
@ApplicationScoped
public class RingHealthMetrics {

    private static final Map<String, ToIntFunction<RingHealth>> STATUSES = statuses();

    private record Key(UUID rollout, int ring) {
    }

    /** One ring's labels and its latest count, read by its gauges when scraped. */
    private static final class Latest {
        final Tags tags;
        volatile RingHealth health;

        Latest(Tags tags, RingHealth health) {
            this.tags = tags;
            this.health = health;
        }
    }

    private final Map<Key, Latest> latest = new LinkedHashMap<>();
    private final MultiGauge gauge;

    @Inject
    public RingHealthMetrics(MeterRegistry registry) {
        this.gauge = MultiGauge.builder("ringmaster.ring.devices")
                .description("Devices of a rollout's ring by where they stand with the release")
                .register(registry);
    }

    synchronized void update(RolloutRecord record, int ring, RingHealth health) {
        Latest known = latest.get(new Key(record.id, ring));
        if (known != null) {
            known.health = health;
            return;
        }
        Tags tags = Tags.of("product", record.release.product.key, "version", record.release.version,
                "rollout", record.id.toString(), "ring", record.plan.rings.get(ring).name);
        latest.put(new Key(record.id, ring), new Latest(tags, health));
        publish();
    }

    synchronized void forgetAllBut(Collection<UUID> active) {
        Set<UUID> keep = new HashSet<>(active);
        if (latest.keySet().removeIf(key -> !keep.contains(key.rollout()))) {
            publish();
        }
    }

    /** Registers the rows of rings that came, removes those of rings that went; the others stay as they are. */
    private void publish() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Latest ring : latest.values()) {
            STATUSES.forEach((status, count) -> rows.add(
                    MultiGauge.Row.of(ring.tags.and("status", status), ring, held -> count.applyAsInt(held.health))));
        }
        gauge.register(rows, false);
    }

    private static Map<String, ToIntFunction<RingHealth>> statuses() {
        Map<String, ToIntFunction<RingHealth>> statuses = new LinkedHashMap<>();
        statuses.put("offered", RingHealth::offered);
        statuses.put("downloading", RingHealth::downloading);
        statuses.put("installing", RingHealth::installing);
        statuses.put("succeeded", RingHealth::succeeded);
        statuses.put("failed", RingHealth::failed);
        statuses.put("silent", RingHealth::silent);
        statuses.put("stuck", RingHealth::stuck);
        statuses.put("reverted", RingHealth::reverted);
        statuses.put("unconfirmed", RingHealth::unconfirmed);
        return statuses;
    }
}
