package dev.ringmaster.rollout;

import dev.ringmaster.persistence.AfterCommit;
import dev.ringmaster.rollout.engine.RingState;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.rollout.engine.Transition;
import dev.ringmaster.rollout.engine.TransitionCause;
import dev.ringmaster.rollout.gate.GateOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Rollouts as Prometheus sees them: {@code ringmaster_rollouts{state}} and {@code ringmaster_rings{state}} (the
 * rings of rollouts not yet ended), recounted on every reconciler tick by every replica, whether or not it won the
 * pass, so each replica's gauges are at most a tick old; {@code ringmaster_rollout_transitions_total{cause}} and
 * {@code ringmaster_gate_verdicts_total{verdict}} (one per ring judged per pass), counted once their transaction
 * committed, so a rolled-back change counts nothing.
 * Created at start, so every series is there from the first scrape, at zero until something happens.
 */
@Startup
@ApplicationScoped
public class RolloutMetrics {

    private final Map<RolloutState, AtomicLong> rollouts = new EnumMap<>(RolloutState.class);
    private final Map<RingState, AtomicLong> rings = new EnumMap<>(RingState.class);
    private final Map<TransitionCause, Counter> transitions = new EnumMap<>(TransitionCause.class);
    private final Map<GateOutcome, Counter> verdicts = new EnumMap<>(GateOutcome.class);

    @Inject
    EntityManager entityManager;

    @Inject
    AfterCommit afterCommit;

    @Inject
    public RolloutMetrics(MeterRegistry registry) {
        for (RolloutState state : RolloutState.values()) {
            AtomicLong count = new AtomicLong();
            rollouts.put(state, count);
            Gauge.builder("ringmaster.rollouts", count, AtomicLong::get).description("Rollouts by state")
                    .tag("state", state.code()).register(registry);
        }
        for (RingState state : RingState.values()) {
            AtomicLong count = new AtomicLong();
            rings.put(state, count);
            Gauge.builder("ringmaster.rings", count, AtomicLong::get)
                    .description("Rings of the rollouts not yet ended (scheduled, running, paused, on hold) by state")
                    .tag("state", state.code()).register(registry);
        }
        for (TransitionCause cause : TransitionCause.values()) {
            transitions.put(cause, Counter.builder("ringmaster.rollout.transitions")
                    .description("Changes to rollouts and their rings by cause").tag("cause", cause.code()).register(registry));
        }
        for (GateOutcome outcome : GateOutcome.values()) {
            verdicts.put(outcome, Counter.builder("ringmaster.gate.verdicts")
                    .description("Ring gate judgements by verdict, one per ring judged per reconciler pass")
                    .tag("verdict", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    /** Two grouped counts over the rollouts (tens to thousands of rows), once per reconciler tick. */
    @Transactional(Transactional.TxType.MANDATORY)
    void recount() {
        set(rollouts, RolloutState::fromCode, "SELECT state, count(*) FROM rollouts GROUP BY state");
        set(rings, RingState::fromCode, """
                SELECT rr.state, count(*) FROM rollout_rings rr JOIN rollouts r ON r.id = rr.rollout_id
                WHERE r.state IN ('scheduled', 'running', 'paused', 'on_hold') GROUP BY rr.state""");
    }

    void transitioned(List<Transition> made) {
        if (!made.isEmpty()) {
            afterCommit.run(() -> made.forEach(transition -> transitions.get(transition.cause()).increment()));
        }
    }

    void judged(GateOutcome outcome) {
        afterCommit.run(verdicts.get(outcome)::increment);
    }

    private <S extends Enum<S>> void set(Map<S, AtomicLong> gauges, Function<String, S> parse, String sql) {
        Map<S, Long> counted = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(sql).getResultList();
        for (Object[] row : rows) {
            counted.put(parse.apply((String) row[0]), ((Number) row[1]).longValue());
        }
        gauges.forEach((state, gauge) -> gauge.set(counted.getOrDefault(state, 0L)));
    }
}
