package dev.ringmaster.rollout;

import dev.ringmaster.rollout.gate.Cohort;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.DeviceStanding;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.gate.RingHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Gathers the facts about one ring's devices with a rollout's release, from the devices' own events, check-ins and
 * installed versions; {@link DeviceStanding} judges each device from them. A device's ring is the ring of its
 * stored release window; its newest report decides its stage, except that a reported outcome (succeeded, failed)
 * outranks any progress event that arrives after it out of order.
 *
 * <p>The facts per offered device: whether it showed a sign of life (check-in or report) within the silence
 * timeout, whether it was offered longer ago than the install timeout, and after a reported success whether it
 * checked in since running the release's version (its stored installed version is the release's and it was heard
 * of after the success arrived) or on another one (its stored version is another, and not a later release it was
 * offered since). The ring's devices not yet offered are counted too, and how many of them went as quiet, so the
 * gate can tell an outage from a release that bricks devices: those that run the product and were checking in when
 * the ring opened, as {@link CohortControlQuery} counts a cohort's control. A device switched off last month, or one
 * that does not run the product, says nothing about this ring's network, and counting it made a ring whose every
 * live device bricked look like an outage (held, not halted) as soon as its only devices left were such ones.
 *
 * <p>Devices are grouped by their facts in PostgreSQL, so a ring of any size comes back as a handful of rows. The
 * ids of offered devices without a sign of life and without a {@code silent} event since their last one come
 * along, so the reconciler can record the silence of those the rule calls silent.
 *
 * <p>The steps are materialised: inlined, PostgreSQL may re-run the per-device event scans once per ring device,
 * which at 10,000 devices turned a sub-second count into minutes.
 *
 * <p>Native SQL over every tenant's devices: callers are vendor staff or the reconciler's system scope, and
 * row-level security lets both see all tenants.
 */
@ApplicationScoped
public class RingHealthQuery {

    /** A ring's health, and the devices the rule calls silent whose silence is not recorded yet. */
    public record Counted(RingHealth health, List<UUID> unrecordedSilent) {
    }

    /** When the device's newest outcome, a success, was received; null when its newest outcome is none. */
    private static final String SUCCEEDED_AT = "CASE WHEN s.kind = 'succeeded' THEN s.received_at END";

    /**
     * The {@code {…Tenant}} marks show where the per-tenant form carries the device's tenant through to its grouping; the gate's
     * form leaves it out, so its plan stays what it was measured with.
     */
    private static final String TEMPLATE = """
            WITH rel AS MATERIALIZED (
                SELECT r.version, r.product_id FROM rollouts ro JOIN releases r ON r.id = ro.release_id
                WHERE ro.id = :rollout
            ), ring_devices AS MATERIALIZED (
                SELECT w.device_id, p.last_seen_at{windowTenant}
                FROM release_windows w JOIN devices d ON d.id = w.device_id
                LEFT JOIN device_presence p ON p.device_id = w.device_id
                WHERE w.rollout_id = :rollout AND w.ring_position = :ring AND d.status = 'active'
            ), offers AS MATERIALIZED (
                SELECT e.device_id, min(e.occurred_at) AS offered_at,
                       max(e.occurred_at) FILTER (WHERE e.kind <> 'silent') AS last_event_at,
                       max(e.occurred_at) FILTER (WHERE e.kind = 'silent') AS silent_at
                FROM device_events e
                WHERE e.rollout_id = :rollout
                GROUP BY e.device_id
                HAVING bool_or(e.kind = 'offered')
            ), stage AS MATERIALIZED (
                SELECT DISTINCT ON (e.device_id) e.device_id, e.kind, e.received_at
                FROM device_events e
                WHERE e.rollout_id = :rollout AND e.kind NOT IN ('offered', 'silent', 'rejected', 'note')
                ORDER BY e.device_id, (e.kind IN ('succeeded', 'failed')) DESC, e.occurred_at DESC, e.id DESC
            ), devices_in_ring AS (
                SELECT r.device_id,
                       o.device_id IS NOT NULL AS offered,
                       s.kind,
                       greatest(r.last_seen_at, o.offered_at, o.last_event_at) AS last_sign,
                       o.offered_at,
                       o.silent_at,
                       r.last_seen_at,
                       %s AS runs_release,
                       %s AS runs_other,
                       v.device_id IS NOT NULL AND r.last_seen_at >= (SELECT rr.opened_at FROM rollout_rings rr
                           WHERE rr.rollout_id = :rollout AND rr.position = :ring) - make_interval(secs => :silenceSeconds)
                           AS control{ringTenant}
                FROM ring_devices r
                CROSS JOIN rel
                LEFT JOIN offers o ON o.device_id = r.device_id
                LEFT JOIN stage s ON s.device_id = r.device_id
                LEFT JOIN device_installed_versions v ON v.device_id = r.device_id AND v.product_id = rel.product_id
            )
            SELECT offered, kind,
                   coalesce(last_sign >= :quietSince, false) AS alive,
                   coalesce(offered_at < :offeredBefore, false) AS overdue,
                   runs_release, runs_other,
                   coalesce(control, false) AS seen,
                   coalesce(last_seen_at < :quietSince, false) AS quiet,
                   count(*),
                   string_agg(device_id::text, ',') FILTER (WHERE offered AND NOT coalesce(last_sign >= :quietSince, false)
                                                           AND (silent_at IS NULL OR silent_at < last_sign)){tenant}
            FROM devices_in_ring
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8{tenantGroup}
            """.formatted(SuccessConfirmation.runsRelease(SUCCEEDED_AT, "rel.version", "r.last_seen_at"),
            SuccessConfirmation.runsOtherVersion(SUCCEEDED_AT, "rel.version", "rel.product_id", "r.device_id"));

    private static final String SQL = TEMPLATE.replace("{windowTenant}", "").replace("{ringTenant}", "")
            .replace("{tenant}", "").replace("{tenantGroup}", "");

    /** The same facts grouped by tenant as well: column 11 is the tenant. */
    private static final String BY_TENANT_SQL = TEMPLATE.replace("{windowTenant}", ", w.tenant_id")
            .replace("{ringTenant}", ", r.tenant_id").replace("{tenant}", ", tenant_id").replace("{tenantGroup}", ", 11");

    /**
     * The same facts grouped by the well-known attributes as well: columns 11 to 14 are model, osBuild, region and
     * agentVersion (null when the device does not say). Always all four, whatever the plan's keys: their values are
     * few, and the plan's cohort is made of them in Java ({@link CohortPlan#cohortOf}).
     */
    private static final String BY_ATTRIBUTES_SQL = TEMPLATE
            .replace("{windowTenant}", ", d.attributes ->> 'model' AS a_model, d.attributes ->> 'osBuild' AS a_build,"
                    + " d.attributes ->> 'region' AS a_region, d.attributes ->> 'agentVersion' AS a_agent")
            .replace("{ringTenant}", ", r.a_model, r.a_build, r.a_region, r.a_agent")
            .replace("{tenant}", ", a_model, a_build, a_region, a_agent").replace("{tenantGroup}", ", 11, 12, 13, 14");

    /**
     * The cohorts of a rollout's devices in rings after {@code :ring}, each with its number of devices. Only devices
     * that run the release's product: windows are planned for every device of a tenant, and a device without the
     * product is never offered the release, so it has nothing to be covered for.
     */
    private static final String LATER_COHORTS_SQL = """
            SELECT d.attributes ->> 'model', d.attributes ->> 'osBuild', d.attributes ->> 'region',
                   d.attributes ->> 'agentVersion', count(*)
            FROM release_windows w JOIN devices d ON d.id = w.device_id
            JOIN rollouts ro ON ro.id = w.rollout_id JOIN releases r ON r.id = ro.release_id
            JOIN device_installed_versions v ON v.device_id = w.device_id AND v.product_id = r.product_id
            WHERE w.rollout_id = :rollout AND w.ring_position > :ring AND d.status = 'active'
            GROUP BY 1, 2, 3, 4
            """;

    private static final String RECORD_SILENCE = """
            INSERT INTO device_events (tenant_id, device_id, release_id, rollout_id, kind, detail, occurred_at, received_at)
            SELECT d.tenant_id, d.id, ro.release_id, ro.id, 'silent', :detail, :now, :now
            FROM devices d CROSS JOIN rollouts ro
            WHERE ro.id = :rollout AND d.id = ANY (CAST(string_to_array(:devices, ',') AS uuid[]))
            """;

    @Inject
    EntityManager entityManager;

    /** The ring's health now, judged with the gate's timeouts. */
    public RingHealth health(UUID rolloutId, int ring, GateRule gate, Instant now) {
        return count(rolloutId, ring, gate, now).health();
    }

    public Counted count(UUID rolloutId, int ring, GateRule gate, Instant now) {
        DeviceStanding.Tally tally = new DeviceStanding.Tally();
        List<UUID> unrecordedSilent = new ArrayList<>();
        for (Object[] row : rows(SQL, rolloutId, ring, gate, now)) {
            add(tally, row, unrecordedSilent);
        }
        return new Counted(tally.health(), List.copyOf(unrecordedSilent));
    }

    /**
     * One tenant's part of a ring: its health as the gate counts it, and all its devices in the ring, those never
     * heard of included (the gate leaves them out of its outage comparison, but they sit in the ring all the same).
     */
    public record TenantPart(RingHealth health, int devices) {
    }

    /**
     * The ring's health per tenant of its devices, judged as the gate judges the whole ring (the same facts and
     * rules), for the vendor's overview of where each tenant's devices stand. Tenants without devices in the ring
     * are absent.
     */
    public Map<String, TenantPart> healthByTenant(UUID rolloutId, int ring, GateRule gate, Instant now) {
        Map<String, DeviceStanding.Tally> tallies = new TreeMap<>();
        Map<String, Integer> devices = new TreeMap<>();
        for (Object[] row : rows(BY_TENANT_SQL, rolloutId, ring, gate, now)) {
            String tenant = (String) row[10];
            add(tallies.computeIfAbsent(tenant, t -> new DeviceStanding.Tally()), row, new ArrayList<>());
            devices.merge(tenant, ((Number) row[8]).intValue(), Integer::sum);
        }
        Map<String, TenantPart> parts = new TreeMap<>();
        tallies.forEach((tenant, tally) -> parts.put(tenant, new TenantPart(tally.health(), devices.get(tenant))));
        return parts;
    }

    /**
     * A ring counted per cohort of the plan, and the ring as a whole without the devices of {@code leftOut} cohorts
     * (the quarantined ones: judged no more, so their failures stop weighing on the rest of the rollout).
     */
    public record ByCohort(Map<Cohort, RingHealth> cohorts, RingHealth rest, List<UUID> unrecordedSilent) {
    }

    public ByCohort countByCohort(UUID rolloutId, int ring, GateRule gate, CohortPlan plan, Set<String> leftOut,
                                  Instant now) {
        Map<Cohort, DeviceStanding.Tally> tallies = new TreeMap<>();
        DeviceStanding.Tally rest = new DeviceStanding.Tally();
        List<UUID> unrecordedSilent = new ArrayList<>();
        for (Object[] row : rows(BY_ATTRIBUTES_SQL, rolloutId, ring, gate, now)) {
            Cohort cohort = plan.cohortOf(attributes(row, 10));
            add(tallies.computeIfAbsent(cohort, c -> new DeviceStanding.Tally()), row, unrecordedSilent);
            if (!leftOut.contains(cohort.label())) {
                add(rest, row, new ArrayList<>());
            }
        }
        Map<Cohort, RingHealth> cohorts = new TreeMap<>();
        tallies.forEach((cohort, tally) -> cohorts.put(cohort, tally.health()));
        return new ByCohort(cohorts, rest.health(), List.copyOf(unrecordedSilent));
    }

    /** The plan's cohorts of the devices in rings after {@code ring}, with how many devices each holds there. */
    @SuppressWarnings("unchecked")
    public Map<Cohort, Integer> laterCohorts(UUID rolloutId, int ring, CohortPlan plan) {
        Map<Cohort, Integer> cohorts = new TreeMap<>();
        for (Object[] row : (List<Object[]>) entityManager.createNativeQuery(LATER_COHORTS_SQL)
                .setParameter("rollout", rolloutId).setParameter("ring", ring).getResultList()) {
            cohorts.merge(plan.cohortOf(attributes(row, 0)), ((Number) row[4]).intValue(), Integer::sum);
        }
        return cohorts;
    }

    private static Map<String, String> attributes(Object[] row, int from) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < CohortPlan.KEYS.size(); i++) {
            if (row[from + i] != null) {
                values.put(CohortPlan.KEYS.get(i), (String) row[from + i]);
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, UUID rolloutId, int ring, GateRule gate, Instant now) {
        return entityManager.createNativeQuery(sql)
                .setParameter("rollout", rolloutId)
                .setParameter("ring", ring)
                .setParameter("quietSince", Timestamp.from(now.minus(gate.silenceTimeout())))
                .setParameter("silenceSeconds", (double) gate.silenceTimeout().toSeconds())
                .setParameter("offeredBefore", Timestamp.from(now.minus(gate.installTimeout())))
                .getResultList();
    }

    private static void add(DeviceStanding.Tally tally, Object[] row, List<UUID> unrecordedSilent) {
        int devices = ((Number) row[8]).intValue();
        if (!(Boolean) row[0]) {
            if ((Boolean) row[6]) {
                tally.notOffered((Boolean) row[7], devices);
            }
            return;
        }
        DeviceStanding.Facts facts = new DeviceStanding.Facts(DeviceStanding.Reported.fromKind((String) row[1]),
                (Boolean) row[2], (Boolean) row[3], (Boolean) row[4], (Boolean) row[5]);
        tally.offered(facts, devices);
        if (DeviceStanding.of(facts) == DeviceStanding.Status.SILENT && row[9] != null) {
            unrecordedSilent.addAll(uuids(row[9]));
        }
    }

    /**
     * Writes one {@code silent} event per device, at {@code now}: the device's history shows it, and the tenant's
     * pilot gate counts it. Within the reconciler's pass, which holds its advisory lock, so two replicas never both
     * write it.
     */
    public int recordSilence(UUID rolloutId, List<UUID> devices, Duration silenceTimeout, Instant now) {
        if (devices.isEmpty()) {
            return 0;
        }
        return entityManager.createNativeQuery(RECORD_SILENCE)
                .setParameter("rollout", rolloutId)
                .setParameter("devices", String.join(",", devices.stream().map(UUID::toString).toList()))
                .setParameter("detail", "no check-in or report for longer than the silence timeout (" + silenceTimeout + ")")
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
    }

    private static List<UUID> uuids(Object joined) {
        return java.util.Arrays.stream(((String) joined).split(",")).map(UUID::fromString).toList();
    }
}
