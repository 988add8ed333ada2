package dev.ringmaster.web.vendor;

import dev.ringmaster.rollout.CohortJudgement;
import dev.ringmaster.rollout.CohortQuarantines;
import dev.ringmaster.rollout.GateVerdicts;
import dev.ringmaster.rollout.RingHealthSamples;
import dev.ringmaster.rollout.Rollbacks;
import dev.ringmaster.rollout.RolloutAction;
import dev.ringmaster.rollout.RolloutView;
import dev.ringmaster.rollout.Rollouts;
import dev.ringmaster.rollout.TenantRings;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.rollout.gate.RingHealth;
import dev.ringmaster.rollout.gate.WilsonBound;
import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.web.RolloutConsole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The vendor console's view of the rollout engine: the stored rollouts, their health and the vendor actions. */
@ApplicationScoped
public class StoredRolloutConsole implements RolloutConsole {

    @Inject
    Rollouts rollouts;

    @Inject
    Rollbacks rollbacks;

    @Inject
    CurrentCaller caller;

    @Inject
    CohortJudgement cohorts;

    @Inject
    CohortQuarantines quarantines;

    @Inject
    Clock clock;

    @Override
    public List<Summary> list() {
        return rollouts.all().stream().map(StoredRolloutConsole::summary).toList();
    }

    @Override
    public UUID create(String product, String version, String plan, Instant startAt) {
        return rollouts.create(new Rollouts.CreateRollout(product, version, plan, startAt), caller.get().username(),
                clock.instant()).id();
    }

    @Override
    public TenantRings tenants(UUID id) {
        return rollouts.byTenant(id, clock.instant());
    }

    @Override
    public CohortJudgement.CohortsView cohorts(UUID id) {
        return cohorts.view(id, clock.instant());
    }

    @Override
    public void liftQuarantine(UUID id, String cohort, String reason) {
        quarantines.lift(id, cohort, caller.get().username(), reason);
    }

    @Override
    public void acceptUncovered(UUID id, String reason) {
        cohorts.acceptUncovered(id, caller.get().username(), reason, clock.instant());
    }

    @Override
    public Optional<Detail> detail(UUID id) {
        RolloutView rollout;
        try {
            rollout = rollouts.get(id, clock.instant());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Map<Integer, RingHealthSamples.Series> series = rollouts.health(id).stream()
                .collect(Collectors.toMap(RingHealthSamples.Series::position, Function.identity()));
        Map<Integer, List<Verdict>> verdicts = rollouts.verdicts(id).stream().collect(Collectors.groupingBy(
                GateVerdicts.Entry::ring, Collectors.mapping(entry -> new Verdict(entry.at(),
                        entry.verdict().name().toLowerCase(Locale.ROOT), entry.reasons(), entry.offered(), entry.finished(),
                        entry.failures(), entry.silent()), Collectors.toList())));
        List<RingView> rings = new ArrayList<>();
        for (RolloutView.RingView ring : rollout.rings()) {
            RingHealth health = ring.health() == null ? new RingHealth(0, 0, 0, 0, 0, 0, 0, 0) : ring.health();
            List<HealthPoint> points = series.containsKey(ring.position())
                    ? series.get(ring.position()).samples().stream()
                            .map(sample -> new HealthPoint(sample.at(), sample.succeeded(),
                                    sample.failed() + sample.stuck() + sample.reverted(), sample.silent()))
                            .toList()
                    : List.of();
            rings.add(new RingView(ring.position(), ring.name(), ring.state(), health.offered(), health.succeeded(),
                    health.failures(), health.silent(), health.stuck(), health.reverted(), percent(WilsonBound.upper(health.failures(), health.finished())),
                    ring.gate() == null ? "—" : percent(ring.gate().maxFailureRate()),
                    ring.gate() == null ? null : ring.gate().minSoak(), points,
                    verdicts.getOrDefault(ring.position(), List.of()).reversed()));
        }
        return Optional.of(new Detail(summary(rollout), rings, actions(rollout), rollout.emergency(), rollout.approvers(),
                rollout.stateReason()));
    }

    @Override
    public void act(UUID id, Action action, String reason) {
        String user = caller.get().username();
        if (action == Action.ROLLBACK) {
            rollbacks.rollBack(id, user, reason, clock.instant());
            return;
        }
        rollouts.act(id, RolloutAction.valueOf(action.name()), user, reason, clock.instant());
    }

    @Override
    public void emergencyStop(String reason) {
        rollouts.emergencyStopAll(caller.get().username(), reason, clock.instant());
    }

    /** What the engine accepts now (asked, not copied); the engine still refuses anything else with 409. */
    private List<Action> actions(RolloutView rollout) {
        Set<RolloutAction> allowed = rollouts.allowed(rollout.id(), clock.instant());
        List<Action> actions = new ArrayList<>();
        for (Action action : Action.values()) {
            if (action == Action.ROLLBACK ? Rollbacks.startedEver(rollout.startedAt()) : allowed.contains(RolloutAction.valueOf(action.name()))) {
                actions.add(action);
            }
        }
        return actions;
    }

    private static Summary summary(RolloutView rollout) {
        return new Summary(rollout.id(), rollout.product(), rollout.version(), rollout.plan(), rollout.state(),
                rollout.currentRing(), rollout.ringCount(), rollout.scheduledFor(), rollout.startedAt(),
                RolloutState.fromCode(rollout.state()).isTerminal());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String percent(BigDecimal share) {
        return percent(share.doubleValue());
    }
}
