package dev.ringmaster.rollout;

import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.tenancy.CurrentCaller;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rollouts that reach the caller's tenant — those with a stored window or an action for one of its
 * devices — and where its devices stand in each ring. Read-only; the vendor-wide health of a ring is not shown
 * to tenants, only their own devices. Filtered by tenant here and again by row-level security.
 */
@ApplicationScoped
public class TenantRollouts {

    static final int MAX_ROLLOUTS = 30;

    /** Where the tenant's devices of one ring stand with the rollout's release. */
    public record RingStanding(int position, String name, String state, long devices, long waiting, long inProgress,
                               long succeeded, long failed, long cancelled) {
    }

    public record TenantRollout(UUID id, String product, String version, RolloutState state, String stateReason,
                                Instant stateChangedAt, List<RingStanding> rings) {

        public long devices() {
            return rings.stream().mapToLong(RingStanding::devices).sum();
        }

        public long succeeded() {
            return rings.stream().mapToLong(RingStanding::succeeded).sum();
        }

        public long failed() {
            return rings.stream().mapToLong(RingStanding::failed).sum();
        }

        public boolean isActive() {
            return !state.isTerminal();
        }
    }

    @Inject
    CurrentCaller caller;

    @Transactional
    @SuppressWarnings("unchecked")
    public List<TenantRollout> list() {
        // A device's place: its window's ring, else (window gone after the rollout ended) its action's ring.
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        WITH mine AS (
                            SELECT rollout_id, device_id, min(ring_position) AS ring FROM (
                                SELECT rollout_id, device_id, ring_position FROM release_windows
                                 WHERE tenant_id = :tenant AND rollout_id IS NOT NULL
                                UNION ALL
                                SELECT rollout_id, device_id, ring_position FROM device_actions
                                 WHERE tenant_id = :tenant AND rollout_id IS NOT NULL) placed
                            GROUP BY rollout_id, device_id)
                        SELECT ro.id, p.key, r.version, ro.state, ro.state_reason, ro.state_changed_at, m.ring,
                               coalesce(rg.name, 'ring ' || m.ring), coalesce(rr.state, 'pending'), count(*),
                               count(*) FILTER (WHERE a.last_kind IS NULL),
                               count(*) FILTER (WHERE a.last_kind IN ('offered', 'downloading', 'downloaded', 'installing')),
                               count(*) FILTER (WHERE a.last_kind = 'succeeded'),
                               count(*) FILTER (WHERE a.last_kind IN ('failed', 'silent')),
                               count(*) FILTER (WHERE a.last_kind = 'cancelled')
                          FROM mine m
                          JOIN rollouts ro ON ro.id = m.rollout_id
                          JOIN releases r ON r.id = ro.release_id
                          JOIN products p ON p.id = r.product_id
                          LEFT JOIN rings rg ON rg.ring_plan_id = ro.ring_plan_id AND rg.position = m.ring
                          LEFT JOIN rollout_rings rr ON rr.rollout_id = ro.id AND rr.position = m.ring
                          LEFT JOIN device_actions a ON a.tenant_id = :tenant AND a.device_id = m.device_id
                                                    AND a.release_id = ro.release_id
                         GROUP BY ro.id, p.key, r.version, ro.state, ro.state_reason, ro.state_changed_at, m.ring, rg.name, rr.state
                         ORDER BY ro.state_changed_at DESC, ro.id, m.ring""")
                .setParameter("tenant", caller.tenantId()).getResultList();
        Map<UUID, TenantRollout> rollouts = new LinkedHashMap<>();
        Map<UUID, List<RingStanding>> rings = new LinkedHashMap<>();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            List<RingStanding> standings = rings.computeIfAbsent(id, key -> new ArrayList<>());
            rollouts.computeIfAbsent(id, key -> new TenantRollout(id, (String) row[1], (String) row[2],
                    RolloutState.fromCode((String) row[3]), (String) row[4], instant(row[5]), standings));
            standings.add(new RingStanding(((Number) row[6]).intValue(), (String) row[7], (String) row[8], count(row[9]),
                    count(row[10]), count(row[11]), count(row[12]), count(row[13]), count(row[14])));
        }
        return rollouts.values().stream()
                .sorted(Comparator.comparing(TenantRollout::isActive).reversed()
                        .thenComparing(TenantRollout::stateChangedAt, Comparator.reverseOrder()))
                .limit(MAX_ROLLOUTS).toList();
    }

    private static long count(Object value) {
        return ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime offset ? offset.toInstant() : (Instant) value;
    }
}
