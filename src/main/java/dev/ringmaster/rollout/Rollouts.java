package dev.ringmaster.rollout;

import dev.ringmaster.api.Page;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Product;
import dev.ringmaster.release.Products;
import dev.ringmaster.release.Release;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseState;
import dev.ringmaster.rollout.engine.IllegalRolloutAction;
import dev.ringmaster.rollout.engine.Outcome;
import dev.ringmaster.rollout.engine.ReconcilerStep;
import dev.ringmaster.rollout.engine.RingState;
import dev.ringmaster.rollout.engine.Rollout;
import dev.ringmaster.rollout.engine.RolloutCommands;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.rollout.engine.Transition;
import dev.ringmaster.rollout.gate.GateDecision;
import dev.ringmaster.rollout.gate.GateEvaluator;
import dev.ringmaster.rollout.gate.RingHealth;
import dev.ringmaster.webhook.RolloutNotices;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stored rollouts and the vendor's actions on them. Every action locks the rollout's row, runs the engine's
 * pure command on the loaded snapshot, and writes the outcome back with one audit entry per transition, the
 * release's state kept in step, and a {@link RolloutChanged} event, all in one transaction.
 */
@ApplicationScoped
public class Rollouts {

    /** States in which a rollout has not ended (the partial unique index of V7 allows one per release). */
    static final List<String> ACTIVE = Arrays.stream(RolloutState.values()).filter(state -> !state.isTerminal())
            .map(RolloutState::code).toList();

    @Inject
    EntityManager entityManager;

    @Inject
    Products products;

    @Inject
    AuditLog audit;

    @Inject
    RingHealthQuery healthQuery;

    @Inject
    RingHealthSamples samples;

    @Inject
    Event<RolloutChanged> changed;

    @Inject
    GateVerdicts verdicts;

    @Inject
    CohortJudgement cohortJudgement;

    @Inject
    RolloutNotices notices;

    @Inject
    RolloutMetrics metrics;

    /** @param startAt when the reconciler should start it by itself; null: a vendor starts it */
    public record CreateRollout(String product, String version, String plan, Instant startAt) {

        public CreateRollout(String product, String version, String plan) {
            this(product, version, plan, null);
        }
    }

    /** A new rollout of a published release, scheduled: nothing is offered until a vendor starts it. */
    @Transactional
    public RolloutView create(CreateRollout request, String actor, Instant at) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null || request.product() == null || request.product().isBlank()) {
            errors.add(new Problem.FieldError("product", "must not be blank"));
        }
        if (request == null || request.version() == null || request.version().isBlank()) {
            errors.add(new Problem.FieldError("version", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        Product product = products.require(request.product());
        Release release = Release.<Release>find("product = ?1 and version = ?2", product, request.version())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new UnprocessableException("version",
                        "product '" + product.key + "' has no release " + request.version()));
        if (release.state != ReleaseState.PUBLISHED) {
            throw new ConflictException("release " + release.version + " is " + release.state
                    + "; only a published release that is not rolling out can get a rollout");
        }
        if (RolloutRecord.count("release = ?1 and state in ?2", release, ACTIVE) > 0) {
            throw new ConflictException("release " + release.version + " already has a rollout that has not ended;"
                    + " abort it first to roll the release out on another plan");
        }
        RingPlan plan = request.plan() == null || request.plan().isBlank()
                ? RingPlan.<RingPlan>find("product = ?1 and isDefault = true", product).firstResultOptional()
                        .orElseThrow(() -> new UnprocessableException("plan",
                                "product '" + product.key + "' has no default ring plan; name one"))
                : RingPlan.find(product, request.plan()).orElseThrow(() -> new UnprocessableException("plan",
                        "product '" + product.key + "' has no ring plan '" + request.plan() + "'"));
        if (request.startAt() != null && request.startAt().isBefore(at.minus(Duration.ofMinutes(5)))) {
            throw new UnprocessableException("startAt", "must not be in the past, was " + request.startAt());
        }
        RolloutRecord record = insert(release, plan, actor, at);
        record.scheduledFor = request.startAt() == null ? null : request.startAt().truncatedTo(ChronoUnit.MICROS);
        return view(record, false, at);
    }

    /** Also used for rollback releases, which get their rollout right after publishing. */
    RolloutRecord insert(Release release, RingPlan plan, String actor, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        RolloutRecord record = new RolloutRecord();
        record.id = UUID.randomUUID();
        record.release = release;
        record.plan = plan;
        record.state = RolloutState.SCHEDULED.code();
        record.currentRing = 0;
        record.stateChangedAt = now;
        record.emergency = plan.emergency || release.kind == ReleaseKind.EMERGENCY;
        record.createdBy = actor;
        record.createdAt = now;
        for (Ring ring : plan.rings) {
            RolloutRingRow row = new RolloutRingRow();
            row.position = ring.position;
            row.state = RingState.PENDING.code();
            record.rings.add(row);
        }
        record.persist();
        audit.record(null, "rollout.create", "rollout", record.id, null, Map.of(
                "product", release.product.key, "version", release.version, "plan", plan.name,
                "emergency", record.emergency));
        if (record.emergency) {
            notices.emergencyCreated(about(record), actor, Rollout.EMERGENCY_APPROVERS);
        }
        changed.fire(new RolloutChanged(record.id, release.id, release.product.id));
        return record;
    }

    /**
     * Starts the scheduled rollouts whose start time has come, in the name of who scheduled them. One that cannot
     * start yet (an emergency rollout still short of approvers) stays scheduled and is tried again next pass.
     *
     * @return how many started
     */
    @Transactional(Transactional.TxType.MANDATORY)
    int startDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery(RolloutLocks.DUE)
                .setParameter(1, Timestamp.from(now)).getResultList();
        int started = 0;
        for (UUID id : due) {
            RolloutRecord record = require(id);
            try {
                apply(record, RolloutCommands.start(RolloutSnapshots.toEngine(record), record.createdBy,
                        "scheduled start " + record.scheduledFor, now));
                started++;
            } catch (IllegalRolloutAction e) {
                // Not yet startable; it stays scheduled and the vendor sees why when starting it by hand.
            }
        }
        return started;
    }

    /** What a list of rollouts is narrowed to; an absent part narrows nothing. */
    public record Filter(Optional<RolloutState> state, Optional<String> product) {

        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty());
    }

    /** Newest first, a page at a time ({@code page} counts from 0). */
    @Transactional
    public Page<RolloutView> find(Filter filter, int page, int size) {
        PanacheQuery<RolloutRecord> query = query(filter);
        List<RolloutView> items = query.page(page, size).list().stream().map(record -> view(record, false, null)).toList();
        return new Page<>(items, page, size, query.count());
    }

    /** Every rollout, newest first. */
    @Transactional
    public List<RolloutView> all() {
        return query(Filter.NONE).list().stream().map(record -> view(record, false, null)).toList();
    }

    private PanacheQuery<RolloutRecord> query(Filter filter) {
        StringBuilder query = new StringBuilder("from RolloutRecord r where 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        filter.state().ifPresent(state -> {
            query.append(" and r.state = :state");
            parameters.put("state", state.code());
        });
        filter.product().ifPresent(product -> {
            query.append(" and r.release.product = :product");
            parameters.put("product", products.require(product));
        });
        // The id breaks ties between rollouts created at one instant, so a page boundary never repeats or skips one.
        query.append(" order by r.createdAt desc, r.id");
        return RolloutRecord.find(query.toString(), parameters);
    }

    @Transactional
    public RolloutView get(UUID id, Instant now) {
        return view(require(id), true, now);
    }

    /**
     * The vendor actions the engine accepts on the rollout now, found by trying each one on its snapshot
     * (nothing is stored), so a screen that offers actions never keeps its own copy of the state machine.
     */
    @Transactional
    public Set<RolloutAction> allowed(UUID id, Instant at) {
        Rollout snapshot = RolloutSnapshots.toEngine(require(id));
        Set<RolloutAction> allowed = EnumSet.noneOf(RolloutAction.class);
        for (RolloutAction action : RolloutAction.values()) {
            try {
                action.apply(snapshot, "allowed-actions-probe", "probe", at);
                allowed.add(action);
            } catch (IllegalRolloutAction refused) {
                // Not allowed in this state.
            }
        }
        return allowed;
    }

    /**
     * Each tenant's devices per ring of the rollout, counted now with each ring's gate timeouts. Rings that have
     * not opened show their devices as waiting; an ended rollout shows only the devices that still have windows
     * for its release. Vendor staff only: it reads every tenant's devices.
     */
    @Transactional
    public TenantRings byTenant(UUID id, Instant now) {
        RolloutRecord record = require(id);
        // A plan replaced since the rollout ended has other rings: nothing to split by.
        if (record.plan.rings.size() != record.rings.size()) {
            return new TenantRings(id, List.of(), List.of());
        }
        List<Ring> rings = record.plan.rings;
        Map<String, TenantRings.Cell[]> cells = new java.util.TreeMap<>();
        for (Ring ring : rings) {
            healthQuery.healthByTenant(id, ring.position, RolloutSnapshots.gate(ring), now).forEach((tenant, part) -> {
                TenantRings.Cell[] row = cells.computeIfAbsent(tenant, t -> {
                    TenantRings.Cell[] empty = new TenantRings.Cell[rings.size()];
                    Arrays.fill(empty, TenantRings.Cell.EMPTY);
                    return empty;
                });
                row[ring.position] = TenantRings.Cell.of(part.health(), part.devices());
            });
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (!cells.isEmpty()) {
            dev.ringmaster.tenancy.Tenant.<dev.ringmaster.tenancy.Tenant>list("id in ?1", List.copyOf(cells.keySet()))
                    .forEach(tenant -> names.put(tenant.id, tenant.name));
        }
        List<TenantRings.Tenant> tenants = cells.entrySet().stream()
                .map(entry -> new TenantRings.Tenant(entry.getKey(), names.getOrDefault(entry.getKey(), entry.getKey()),
                        List.of(entry.getValue())))
                .toList();
        return new TenantRings(id, rings.stream().map(ring -> ring.name).toList(), tenants);
    }

    /** The rollout's ring health over time, for charts. */
    @Transactional
    public List<RingHealthSamples.Series> health(UUID id) {
        return samples.series(require(id));
    }

    /** The gate's verdict history of every ring, oldest first (404 for an unknown rollout). */
    @Transactional
    public List<GateVerdicts.Entry> verdicts(UUID id) {
        return verdicts.history(require(id).id);
    }

    @Transactional
    public RolloutView act(UUID id, RolloutAction action, String actor, String reason, Instant at) {
        if (action == RolloutAction.PROMOTE && (reason == null || reason.isBlank())) {
            throw new UnprocessableException("reason", "promoting passes a ring without its gate, so it needs a reason");
        }
        RolloutRecord record = locked(id);
        Outcome outcome;
        try {
            outcome = action.apply(RolloutSnapshots.toEngine(record), actor, reason, at.truncatedTo(ChronoUnit.MICROS));
        } catch (IllegalRolloutAction e) {
            throw new ConflictException(e.getMessage());
        }
        apply(record, outcome);
        return view(record, true, at);
    }

    /**
     * The global emergency stop: halts every started rollout that has not ended, each audited on its own.
     * Rows are locked in id order, so two stops (or a stop and the reconciler) cannot deadlock.
     */
    @Transactional
    public List<RolloutView> emergencyStopAll(String actor, String reason, Instant at) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery(RolloutLocks.ACTIVE)
                .getResultList();
        List<RolloutView> stopped = new ArrayList<>();
        for (UUID id : ids) {
            RolloutRecord record = RolloutRecord.findById(id);
            List<Outcome> outcomes = RolloutCommands.emergencyStopAll(List.of(RolloutSnapshots.toEngine(record)), actor,
                    reason, at.truncatedTo(ChronoUnit.MICROS));
            for (Outcome outcome : outcomes) {
                apply(record, outcome);
                stopped.add(view(record, false, at));
            }
        }
        return stopped;
    }

    /** Writes an outcome onto its locked row: state, rings, audit, the release's state, the change event. */
    void apply(RolloutRecord record, Outcome outcome) {
        if (!outcome.changed()) {
            return;
        }
        RolloutSnapshots.write(record, outcome);
        metrics.transitioned(outcome.transitions());
        for (Transition transition : outcome.transitions()) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("state", transition.from().code());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", transition.to().code());
            after.put("ring", transition.ring());
            after.put("ringName", record.plan.rings.get(transition.ring()).name);
            after.put("by", transition.actor());
            after.put("reason", transition.reason());
            audit.record(null, "rollout." + transition.cause().code(), "rollout", record.id, before, after);
            notices.transitioned(about(record), transition, record.plan.rings.get(transition.ring()).name);
        }
        followRelease(record, outcome.after().state(), outcome.after().stateChangedAt());
        changed.fire(new RolloutChanged(record.id, record.release.id, record.release.product.id));
    }

    /** The rollout as webhook events describe it. */
    static RolloutNotices.About about(RolloutRecord record) {
        return new RolloutNotices.About(record.id, record.release.id, record.release.product.id,
                record.release.product.key, record.release.version, record.plan.name);
    }

    /** The release mirrors its rollout: rolling out while it runs, then completed or halted; back to published on abort. */
    private void followRelease(RolloutRecord record, RolloutState state, Instant at) {
        Release release = record.release;
        ReleaseState target = switch (state) {
            case RUNNING, PAUSED, ON_HOLD -> ReleaseState.ROLLING_OUT;
            case COMPLETED -> ReleaseState.COMPLETED;
            case HALTED -> ReleaseState.HALTED;
            case ABORTED -> release.state == ReleaseState.ROLLING_OUT ? ReleaseState.PUBLISHED : release.state;
            case SCHEDULED -> release.state;
        };
        if (target == release.state || !release.state.canBecome(target)) {
            return;
        }
        Map<String, Object> before = Map.of("state", release.state.key());
        release.state = target;
        if (target == ReleaseState.COMPLETED) {
            release.completedAt = at;
        }
        audit.record(null, "release." + target.key(), "release", release.id, before,
                Map.of("state", target.key(), "rollout", record.id.toString()));
    }

    RolloutRecord locked(UUID id) {
        List<?> found = entityManager.createNativeQuery(RolloutLocks.ONE)
                .setParameter(1, id).getResultList();
        if (found.isEmpty()) {
            throw new NotFoundException("no rollout " + id);
        }
        return require(id);
    }

    private static RolloutRecord require(UUID id) {
        RolloutRecord record = RolloutRecord.findById(id);
        if (record == null) {
            throw new NotFoundException("no rollout " + id);
        }
        return record;
    }

    /**
     * @param detailed with rings, their gates and, for rings that opened, the health and the gate's verdict now
     */
    RolloutView view(RolloutRecord record, boolean detailed, Instant now) {
        // A plan may be replaced once none of its rollouts is active, so an ended rollout can outlive the rings it
        // ran on: the view then shows the rollout's own ring history, and the plan's rings where they still match.
        boolean planUnchanged = record.plan.rings.size() == record.rings.size();
        boolean awaitingApproval = planUnchanged && RolloutSnapshots.toEngine(record).awaitingApproval();
        List<RolloutView.RingView> rings = null;
        if (detailed) {
            CohortJudgement.Judged cohorts = planUnchanged && now != null && record.plan.cohorts().judgesCohorts()
                    && !RolloutState.fromCode(record.state).isTerminal()
                    ? cohortJudgement.look(record, RolloutSnapshots.toEngine(record), now) : null;
            rings = new ArrayList<>();
            for (RolloutRingRow row : record.rings) {
                Ring ring = planUnchanged ? record.plan.rings.get(row.position) : null;
                rings.add(ring == null ? historic(row) : ringView(record, ring, row, now, cohorts));
            }
        }
        List<String> approvers = record.approvals.stream().map(approval -> approval.approver).toList();
        return new RolloutView(record.id, record.release.product.key, record.release.version, record.release.kind.key(),
                record.plan.name, record.state, record.rings.size(), record.currentRing,
                planUnchanged ? record.plan.rings.get(record.currentRing).name : "ring " + record.currentRing,
                record.stateReason, record.emergency, approvers, awaitingApproval,
                record.createdBy, record.createdAt, record.scheduledFor, record.startedAt, record.stateChangedAt, rings);
    }

    /**
     * @param cohorts for a running rollout whose plan judges cohorts, what the reconciler counts: rings without their
     *                quarantined cohorts, and the current ring's decision with what its cohorts say (a ring whose own
     *                gate passes but leaves cohorts uncovered waits, and says so); null otherwise
     */
    private RolloutView.RingView ringView(RolloutRecord record, Ring ring, RolloutRingRow row, Instant now,
                                          CohortJudgement.Judged cohorts) {
        RolloutView.Gate gate = new RolloutView.Gate(ring.gateMinFinished, ring.gateMinFinishedShare.stripTrailingZeros(),
                ring.gateMaxFailureRate.stripTrailingZeros(), Duration.ofSeconds(ring.minSoakSeconds),
                Duration.ofSeconds(ring.silenceTimeoutSeconds), ring.gateMinReportsForHalt, ring.manualApproval,
                Duration.ofSeconds(ring.installTimeoutSeconds));
        RingHealth health = null;
        String outcome = null;
        List<String> reasons = List.of();
        if (row.openedAt != null && now != null) {
            // An ended rollout shows its ring as its last pass counted it: its release is no target any more, so
            // most of its devices left the ring's windows, and a count now would say the ring held nobody.
            if (cohorts != null && cohorts.health().containsKey(ring.position)) {
                health = cohorts.health().get(ring.position);
            } else {
                health = RolloutState.fromCode(record.state).isTerminal()
                        ? samples.last(record.id, ring.position).orElseGet(() -> healthQuery.health(record.id,
                                ring.position, RolloutSnapshots.gate(ring), now))
                        : healthQuery.health(record.id, ring.position, RolloutSnapshots.gate(ring), now);
            }
            Duration soaked = Duration.between(row.openedAt, row.passedAt != null ? row.passedAt : now);
            GateDecision decision = GateEvaluator.evaluate(RolloutSnapshots.gate(ring), health,
                    soaked.isNegative() ? Duration.ZERO : soaked);
            if (cohorts != null && ring.position == record.currentRing && row.passedAt == null) {
                decision = ReconcilerStep.withCohorts(decision, cohorts.findings());
            }
            outcome = decision.outcome().name().toLowerCase(Locale.ROOT);
            reasons = decision.reasons();
        }
        return new RolloutView.RingView(ring.position, ring.name, ring.internal,
                ring.internal ? null : ring.cumulativeShare.stripTrailingZeros(),
                row.state, row.openedAt, row.passedAt, row.haltedAt, row.promotedBy, row.promoteReason, gate,
                health, outcome, reasons);
    }

    /** A ring of an ended rollout whose plan was replaced since: its history without the gate it had. */
    private static RolloutView.RingView historic(RolloutRingRow row) {
        return new RolloutView.RingView(row.position, "ring " + row.position, false, null, row.state, row.openedAt,
                row.passedAt, row.haltedAt, row.promotedBy, row.promoteReason, null, null, null, List.of());
    }
}
