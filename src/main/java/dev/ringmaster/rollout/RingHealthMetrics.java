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
 */
@ApplicationScoped
public class RingHealthMetrics {

    private static final Map<String, ToIntFunction<RingHealth>> STATUSES = statuses();

    private record Key(UUID rollout, int ring) {
    }

    private record Labelled(Tags tags, RingHealth health) {
    }

    private final Map<Key, Labelled> latest = new LinkedHashMap<>();
    private final MultiGauge gauge;

    @Inject
    public RingHealthMetrics(MeterRegistry registry) {
        this.gauge = MultiGauge.builder("ringmaster.ring.devices")
                .description("Devices of a rollout's ring by where they stand with the release")
                .register(registry);
    }

    synchronized void update(RolloutRecord record, int ring, RingHealth health) {
        Tags tags = Tags.of("product", record.release.product.key, "version", record.release.version,
                "rollout", record.id.toString(), "ring", record.plan.rings.get(ring).name);
        latest.put(new Key(record.id, ring), new Labelled(tags, health));
        publish();
    }

    synchronized void forgetAllBut(Collection<UUID> active) {
        Set<UUID> keep = new HashSet<>(active);
        if (latest.keySet().removeIf(key -> !keep.contains(key.rollout()))) {
            publish();
        }
    }

    private void publish() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Labelled labelled : latest.values()) {
            STATUSES.forEach((status, count) -> rows.add(
                    MultiGauge.Row.of(labelled.tags().and("status", status), count.applyAsInt(labelled.health()))));
        }
        gauge.register(rows, true);
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
