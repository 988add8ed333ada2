package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's invariants of the merge ("The merge", last paragraph) for random policies, zones, ring schedules,
 * gates and clocks. All random instants sit around one base instant so that ring openings, gates, pins, freezes
 * and "now" actually interfere with each other.
 */
class ReleaseWindowPlannerPropertiesTest {

    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Lord_Howe", "Pacific/Chatham", "UTC");
    private static final Instant EARLIEST_BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATEST_BASE = Instant.parse("2028-12-31T00:00:00Z");
    private static final Duration SEARCH = Duration.ofDays(120);
    private static final int RINGS = 4;
    private static final int TRIES = 500;

    private final ReleaseWindowPlanner planner = new ReleaseWindowPlanner();

    record Scenario(DeviceFacts device, TenantPolicy policy, RingSchedule rings, TenantGates gates, Instant now) {

        Instant horizon() {
            return now.plus(SEARCH);
        }

        PlannedWindow plan(ReleaseWindowPlanner planner) {
            return planner.plan(device, policy, rings, gates, now, horizon());
        }

        MaintenanceCalendar calendar() {
            return new MaintenanceCalendar(policy.windows(), policy.freezes(), device.zoneOr(policy.tenantZone()));
        }

        Duration deferral() {
            return device.pilot() ? policy.pilotDeferral() : policy.deferral();
        }
    }

    @Property(tries = TRIES)
    void neverBeforeItsRingOpensPlusDeferral(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (planned.window() != null) {
            RingOpening opening = scenario.rings().opening(scenario.device().ring()).orElseThrow();
            Instant ringPlusDeferral = opening.at().plus(scenario.deferral());
            assertThat(planned.earliestStart()).isAfterOrEqualTo(ringPlusDeferral);
            assertThat(planned.window().start()).isAfterOrEqualTo(ringPlusDeferral);
            assertThat(planned.forecast()).isEqualTo(opening.forecast());
        }
    }

    @Property(tries = TRIES)
    void nonPilotNeverBeforeThePilotGate(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (planned.window() != null && !scenario.device().pilot() && scenario.gates().pilotGateApplies()) {
            assertThat(scenario.gates().pilotGatePassedAt()).isNotNull();
            assertThat(planned.window().start()).isAfterOrEqualTo(scenario.gates().pilotGatePassedAt());
        }
    }

    @Property(tries = TRIES)
    void approvalModeNeverBeforeApproval(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (planned.window() != null && scenario.policy().mode() == PolicyMode.APPROVAL) {
            assertThat(scenario.gates().declined()).isFalse();
            assertThat(scenario.gates().approvedAt()).isNotNull();
            assertThat(planned.window().start()).isAfterOrEqualTo(scenario.gates().approvedAt());
        }
    }

    @Property(tries = TRIES)
    void pinnedNeverBeforeThePinExpires(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (scenario.policy().mode() == PolicyMode.PINNED) {
            if (scenario.policy().pinExpiresAt() == null) {
                assertThat(planned.isBlocked()).isTrue();
            } else if (planned.window() != null) {
                assertThat(planned.window().start()).isAfterOrEqualTo(scenario.policy().pinExpiresAt());
            }
        }
    }

    @Property(tries = TRIES)
    void windowStartsInsideAMaintenanceWindowAndNotBeforeNow(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (planned.window() != null) {
            MaintenanceCalendar calendar = scenario.calendar();
            assertThat(calendar.isOpen(planned.window().start())).isTrue();
            assertThat(planned.window().start()).isAfterOrEqualTo(scenario.now())
                    .isAfterOrEqualTo(planned.earliestStart());
            // The first chance is taken: open at max(E, now) means the window starts right there.
            Instant from = later(planned.earliestStart(), scenario.now());
            if (calendar.isOpen(from)) {
                assertThat(planned.window().start()).isEqualTo(from);
            }
        }
    }

    @Property(tries = TRIES)
    void neverInsideAFreeze(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (planned.window() != null) {
            TimeRange window = planned.window();
            for (Freeze freeze : scenario.policy().freezes()) {
                boolean endsBefore = !freeze.to().toInstant().isAfter(window.start());
                boolean startsAfter = window.end() != null && !freeze.from().toInstant().isBefore(window.end());
                boolean empty = !freeze.from().isBefore(freeze.to());
                assertThat(endsBefore || startsAfter || empty).as("overlaps %s", freeze).isTrue();
            }
        }
    }

    @Property(tries = TRIES)
    void nothingWhilePaused(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        if (scenario.policy().paused()) {
            assertThat(planned.window()).isNull();
            assertThat(planned.blockedBy()).isEqualTo(Reason.PAUSED);
        }
    }

    @Property(tries = TRIES)
    void blockedPlansCarryTheirReasonLast(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow planned = scenario.plan(planner);
        assertThat(planned.reasons()).isNotEmpty();
        String lastCode = planned.reasons().getLast().code();
        Statistics.label("outcome").collect(planned.isBlocked() ? planned.blockedBy() : "window");
        if (planned.isBlocked()) {
            assertThat(planned.window()).isNull();
            assertThat(lastCode).isEqualTo(planned.blockedBy());
        } else {
            assertThat(lastCode).isEqualTo(Reason.MAINTENANCE_WINDOW);
        }
        // The other properties only check plans that got a window, so enough of them must.
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("window").percentage(percent -> percent > 25);
            coverage.check(Reason.PAUSED).count(count -> count > 0);
            coverage.check(Reason.PILOT_GATE_PENDING).count(count -> count > 0);
            coverage.check(Reason.APPROVAL_PENDING).count(count -> count > 0);
            coverage.check(Reason.RING_UNKNOWN).count(count -> count > 0);
        });
    }

    @Property(tries = TRIES)
    void sameInputsGiveTheSameOutput(@ForAll("scenarios") Scenario scenario) {
        PlannedWindow first = scenario.plan(planner);
        Scenario copy = new Scenario(
                new DeviceFacts(UUID.fromString(scenario.device().deviceId().toString()), scenario.device().zone(),
                        scenario.device().ring(), scenario.device().pilot()),
                new TenantPolicy(scenario.policy().mode(), scenario.policy().pinnedVersion(),
                        scenario.policy().pinExpiresAt(), scenario.policy().deferral(),
                        scenario.policy().pilotDeferral(), new ArrayList<>(scenario.policy().windows()),
                        new ArrayList<>(scenario.policy().freezes()), scenario.policy().paused(),
                        scenario.policy().tenantZone()),
                new RingSchedule(new HashMap<>(scenario.rings().openings())),
                scenario.gates(), scenario.now());

        assertThat(scenario.plan(planner)).isEqualTo(first);
        assertThat(copy.plan(new ReleaseWindowPlanner())).isEqualTo(first);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Instant> bases = Arbitraries.longs()
                .between(EARLIEST_BASE.getEpochSecond(), LATEST_BASE.getEpochSecond())
                .map(Instant::ofEpochSecond);
        Arbitrary<DeviceFacts> devices = Combinators.combine(zones().injectNull(0.3),
                        Arbitraries.integers().between(0, RINGS - 1), Arbitraries.of(true, false))
                .as((zone, ring, pilot) -> new DeviceFacts(new UUID(ring, 42), zone, ring, pilot));
        return Combinators.combine(bases, devices, policyShapes(), ringShapes(), gateShapes(),
                        offsets(-5, 30))
                .as((base, device, policy, rings, gates, nowOffset) -> new Scenario(device, policy.at(base),
                        rings.at(base), gates.at(base), base.plus(nowOffset)));
    }

    private record PolicyShape(PolicyMode mode, Duration pinOffset, Duration deferral, Duration pilotDeferral,
            List<WeeklyWindow> windows, List<Duration[]> freezes, boolean paused, ZoneId tenantZone) {

        TenantPolicy at(Instant base) {
            List<Freeze> absolute = freezes.stream().map(shape -> {
                Instant from = base.plus(shape[0]);
                return new Freeze(OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(from.plus(shape[1]), ZoneOffset.ofHours(-5)), "random");
            }).toList();
            return new TenantPolicy(mode, "1.0.0", pinOffset == null ? null : base.plus(pinOffset), deferral,
                    pilotDeferral, windows, absolute, paused, tenantZone);
        }
    }

    private record RingShape(List<Tuple.Tuple2<Integer, Duration>> openings) {

        /** Kind 0: unknown; 1: opened; 2: forecast. */
        RingSchedule at(Instant base) {
            Map<Integer, RingOpening> map = new HashMap<>();
            for (int ring = 0; ring < openings.size(); ring++) {
                int kind = openings.get(ring).get1();
                Instant when = base.plus(openings.get(ring).get2());
                if (kind > 0) {
                    map.put(ring, new RingOpening(when, kind == 2));
                }
            }
            return new RingSchedule(map);
        }
    }

    private record GateShape(boolean applies, Duration passedOffset, Duration approvedOffset, boolean declined) {

        TenantGates at(Instant base) {
            return new TenantGates(applies, passedOffset == null ? null : base.plus(passedOffset),
                    approvedOffset == null ? null : base.plus(approvedOffset), declined);
        }
    }

    private static Arbitrary<PolicyShape> policyShapes() {
        Arbitrary<List<WeeklyWindow>> windows = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<WeeklyWindow>of())),
                Tuple.of(4, weeklyWindows().list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<Duration[]> freeze = Combinators.combine(offsets(-10, 40),
                        Arbitraries.frequencyOf(
                                Tuple.of(9, Arbitraries.longs().between(60, Duration.ofDays(20).toSeconds())),
                                Tuple.of(1, Arbitraries.longs().between(60, Duration.ofDays(200).toSeconds())))
                                .map(Duration::ofSeconds))
                .as((from, length) -> new Duration[] {from, length});
        return Combinators.combine(
                        Arbitraries.of(PolicyMode.class),
                        offsets(-10, 40).injectNull(0.4),
                        durationsUpTo(Duration.ofDays(10)),
                        durationsUpTo(Duration.ofDays(3)),
                        windows,
                        freeze.list().ofMaxSize(3),
                        Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)).withoutEdgeCases(),
                        zones())
                .as(PolicyShape::new);
    }

    private static Arbitrary<RingShape> ringShapes() {
        Arbitrary<Tuple.Tuple2<Integer, Duration>> opening = Combinators.combine(
                        Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(3, 1), Tuple.of(2, 2)), offsets(-20, 20))
                .as(Tuple::of);
        return opening.list().ofSize(RINGS).map(RingShape::new);
    }

    private static Arbitrary<GateShape> gateShapes() {
        return Combinators.combine(Arbitraries.of(true, false), offsets(-10, 30).injectNull(0.25),
                        offsets(-10, 30).injectNull(0.25),
                        Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)).withoutEdgeCases())
                .as(GateShape::new);
    }

    private static Arbitrary<WeeklyWindow> weeklyWindows() {
        return Combinators.combine(
                        Arbitraries.subsetOf(DayOfWeek.values()).ofMinSize(1),
                        Arbitraries.integers().between(0, 24 * 60 - 1),
                        Arbitraries.oneOf(Arbitraries.longs().between(1, 240),
                                Arbitraries.longs().between(1, Duration.ofDays(7).toMinutes())),
                        Arbitraries.of(ZONES).injectNull(0.5))
                .as((days, startMinute, minutes, zone) -> new WeeklyWindow(days,
                        LocalTime.ofSecondOfDay(startMinute * 60L), Duration.ofMinutes(minutes), zone));
    }

    private static Arbitrary<Duration> offsets(int fromDays, int toDays) {
        return Arbitraries.longs().between(Duration.ofDays(fromDays).toSeconds(), Duration.ofDays(toDays).toSeconds())
                .map(Duration::ofSeconds);
    }

    private static Arbitrary<Duration> durationsUpTo(Duration longest) {
        return Arbitraries.oneOf(Arbitraries.just(Duration.ZERO),
                Arbitraries.longs().between(0, longest.toMinutes()).map(Duration::ofMinutes));
    }

    private static Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
