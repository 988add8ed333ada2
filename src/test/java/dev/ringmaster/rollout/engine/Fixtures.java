package dev.ringmaster.rollout.engine;

import dev.ringmaster.rollout.gate.GateRule;
import dev.ringmaster.rollout.gate.RingHealth;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Plans, gate rules and ring health shared by the engine tests, built as the gate tests build them. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-03-03T08:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000a11e");
    static final String VENDOR = "vera@vendor.example";

    private Fixtures() {
    }

    /** Typical gate: 20 finished and 10 % of the offered ones, under 2 % failures, a day's soak, halt from 10 reports. */
    static GateRule rule() {
        return rule(new BigDecimal("0.02"));
    }

    static GateRule rule(BigDecimal maxFailureRate) {
        return new GateRule(20, new BigDecimal("0.10"), maxFailureRate, DAY, Duration.ofHours(4), 10);
    }

    static RingHealth health(int offered, int succeeded, int failed, int silent, int quietUnupdated, int unupdated) {
        return new RingHealth(offered, 0, 0, succeeded, failed, silent, quietUnupdated, unupdated);
    }

    /** Passes once soaked: 300 of 300 succeeded. */
    static RingHealth clean() {
        return health(300, 300, 0, 0, 0, 700);
    }

    /** Waits however long soaked: perfect, but 40 reports cannot show under 2 % yet. */
    static RingHealth tooFewReports() {
        return health(400, 40, 0, 0, 0, 360);
    }

    static Function<Integer, RingHealth> every(RingHealth health) {
        return ring -> health;
    }

    static RingStep step(String name) {
        return new RingStep(name, rule(), false);
    }

    static RingStep approvedStep(String name) {
        return new RingStep(name, rule(), true);
    }

    static List<RingStep> threeRings() {
        return List.of(step("canary"), step("early"), step("broad"));
    }

    static Rollout scheduled() {
        return Rollout.scheduled(ID, threeRings(), false, T0);
    }

    static Rollout scheduled(List<RingStep> plan) {
        return Rollout.scheduled(ID, plan, false, T0);
    }

    /** Started at {@link #T0}: ring 0 open. */
    static Rollout running() {
        return RolloutCommands.start(scheduled(), VENDOR, "release 4.2.0", T0).after();
    }

    static Rollout running(List<RingStep> plan) {
        return RolloutCommands.start(scheduled(plan), VENDOR, "release 4.2.0", T0).after();
    }
}
