package dev.ringmaster.rollout;

import dev.ringmaster.rollout.engine.CohortFindings;
import dev.ringmaster.rollout.engine.Outcome;
import dev.ringmaster.rollout.engine.ReconcilerStep;
import dev.ringmaster.rollout.engine.RingState;
import dev.ringmaster.rollout.engine.Rollout;
import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.gate.RingHealth;
import dev.ringmaster.tenancy.BackgroundScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One pass of the reconciler over every rollout that a gate can move: counts ring health, records it for the
 * charts, runs {@link ReconcilerStep} on each and keeps its gate's verdict when it changed. The schedule ({@link ReconcilerSchedule}) and the tests call
 * the same {@link #reconcile(Instant)}; tests pass fixed instants.
 *
 * <p>Several service instances may run it at once against one database. A transaction-scoped advisory lock
 * lets only one of them do a pass; the others skip it rather than wait (the next tick comes soon). The rows are
 * also locked, so a vendor action that lands during a pass is applied before or after it, never in between.
 */
@ApplicationScoped
public class Reconciler {

    /** The advisory lock's key: any fixed 64-bit number no other job uses ("ringmstr" in ASCII). */
    static final long LOCK_KEY = 0x72696e676d737472L;

    /** What one pass did. {@code ran} is false when another instance held the lock. */
    public record Pass(boolean ran, int rollouts, int transitions) {
    }

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject
    EntityManager entityManager;

    @Inject
    Rollouts rollouts;

    @Inject
    RingHealthQuery healthQuery;

    @Inject
    RingHealthSamples samples;

    @Inject
    CohortJudgement cohortJudgement;

    @Inject
    RingHealthMetrics metrics;

    @Inject
    GateVerdicts verdicts;

    @Inject
    RolloutMetrics rolloutMetrics;

    @Inject
    Event<SilenceRecorded> silenceRecorded;

    /** The request context gives Hibernate's tenant resolution a scope on any thread (schedulers, test pools). */
    @ActivateRequestContext
    @Transactional
    public Pass reconcile(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        return BackgroundScope.asSystem(() -> {
            boolean locked = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                    .setParameter(1, LOCK_KEY).getSingleResult();
            if (!locked) {
                // The replica that won the pass changes the states; this one still shows them to its scraper.
                rolloutMetrics.recount();
                return new Pass(false, 0, 0);
            }
            // The ring counts join sets of whole rings (10,000 devices and more). Right after a fleet of 10,000 joined,
            // passes hit their 60 s transaction timeout in the count (two test runs), while the same statement ran in
            // 13 ms once autovacuum had analysed the new rows: estimates of a handful of rows leading to nested loops
            // over whole rings are the likely cause. Hash joins suit these statements at any size, and each is planned
            // for its own values rather than taken from a plan cached while rings were small.
            entityManager.createNativeQuery("SET LOCAL plan_cache_mode = force_custom_plan").executeUpdate();
            entityManager.createNativeQuery("SET LOCAL enable_nestloop = off").executeUpdate();
            int transitions = rollouts.startDue(now);
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery(RolloutLocks.ACTIVE)
                    .getResultList();
            for (UUID id : ids) {
                RolloutRecord record = RolloutRecord.findById(id);
                Rollout rollout;
                try {
                    rollout = RolloutSnapshots.toEngine(record);
                } catch (IllegalArgumentException e) {
                    // A row the engine cannot read (written by hand) must not stop the gates of every other rollout.
                    LOG.errorf("rollout %s is not a valid rollout and is skipped: %s", id, e.getMessage());
                    continue;
                }
                Map<Integer, RingHealth> health;
                CohortFindings cohorts = CohortFindings.NONE;
                if (record.plan.cohorts().judgesCohorts()) {
                    CohortJudgement.Judged judged = cohortJudgement.judge(record, rollout, now);
                    health = new HashMap<>(judged.health());
                    cohorts = judged.findings();
                } else {
                    health = countOpenRings(record, now);
                }
                Outcome outcome = ReconcilerStep.step(rollout, ring -> health.computeIfAbsent(ring,
                        position -> count(record, position, now)), cohorts, now);
                rollouts.apply(record, outcome);
                outcome.judged().ifPresent(verdict -> {
                    verdicts.record(record.id, verdict, now);
                    rolloutMetrics.judged(verdict.decision().outcome());
                });
                transitions += outcome.transitions().size();
                health.forEach((ring, counted) -> {
                    samples.record(record.id, ring, now, counted);
                    metrics.update(record, ring, counted);
                });
            }
            metrics.forgetAllBut(ids);
            rolloutMetrics.recount();
            return new Pass(true, ids.size(), transitions);
        });
    }

    /** Every ring that opened keeps receiving reports, so each is counted, not only the current one. */
    private Map<Integer, RingHealth> countOpenRings(RolloutRecord record, Instant now) {
        Map<Integer, RingHealth> health = new HashMap<>();
        for (RolloutRingRow row : record.rings) {
            if (!RingState.PENDING.code().equals(row.state)) {
                health.put(row.position, count(record, row.position, now));
            }
        }
        return health;
    }

    /**
     * Counts the ring and records the silence of devices that went silent since the last pass, once each. A
     * device that comes back and goes quiet again gets a new one: each silence is recorded.
     */
    private RingHealth count(RolloutRecord record, int position, Instant now) {
        GateRule gate = RolloutSnapshots.gate(record.plan.rings.get(position));
        RingHealthQuery.Counted counted = healthQuery.count(record.id, position, gate, now);
        if (healthQuery.recordSilence(record.id, counted.unrecordedSilent(), gate.silenceTimeout(), now) > 0) {
            silenceRecorded.fire(new SilenceRecorded(record.id, record.release.id, record.release.product.id));
        }
        return counted.health();
    }
}
