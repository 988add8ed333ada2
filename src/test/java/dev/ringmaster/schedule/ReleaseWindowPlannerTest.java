package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static java.time.DayOfWeek.FRIDAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixed scenarios in Europe/Berlin (CET, UTC+1, until 2027-03-28). Ring 1 opens Tuesday 2027-03-02 10:00Z; the
 * tenant's only window is Friday 02:00-04:00 local, i.e. 01:00-03:00Z.
 */
class ReleaseWindowPlannerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant RING_OPENS = at("2027-03-02T10:00:00Z");
    private static final Instant NOW = at("2027-03-02T12:00:00Z");
    private static final Instant HORIZON = NOW.plus(Duration.ofDays(120));
    private static final List<WeeklyWindow> FRIDAY_NIGHT =
            List.of(new WeeklyWindow(Set.of(FRIDAY), LocalTime.of(2, 0), Duration.ofHours(2), null));
    private static final RingSchedule RINGS = RingSchedule.none().withOpened(0, at("2027-03-01T10:00:00Z"))
            .withOpened(1, RING_OPENS);
    private static final TenantGates NO_GATES = TenantGates.withoutPilotGroups(null, false);

    private final ReleaseWindowPlanner planner = new ReleaseWindowPlanner();

    @Test
    void ringOpeningPlusDeferralLandsInTheNextBerlinWindow() {
        PlannedWindow planned = planner.plan(device(false), policy(PolicyMode.AUTOMATIC), RINGS, NO_GATES, NOW,
                HORIZON);

        assertThat(planned.isBlocked()).isFalse();
        assertThat(planned.earliestStart()).isEqualTo(at("2027-03-04T10:00:00Z"));
        assertThat(planned.window()).isEqualTo(range("2027-03-05T01:00:00Z", "2027-03-05T03:00:00Z"));
        assertThat(planned.ring()).isEqualTo(1);
        assertThat(planned.forecast()).isFalse();
        assertThat(planned.reasons()).extracting(Reason::code)
                .containsExactly(Reason.RING_OPENED, Reason.DEFERRAL, Reason.MAINTENANCE_WINDOW);
        assertThat(planned.reasons()).extracting(Reason::at)
                .containsExactly(RING_OPENS, at("2027-03-04T10:00:00Z"), at("2027-03-05T01:00:00Z"));
        assertThat(planned.reasons()).extracting(Reason::text).containsExactly(
                "ring 1 opened 2027-03-02T10:00:00Z",
                "+48h tenant deferral",
                "next window Fri 2027-03-05 02:00–04:00 Europe/Berlin");
    }

    @Test
    void theDevicesOwnZoneWinsOverTheTenants() {
        DeviceFacts inNewYork = new DeviceFacts(UUID.randomUUID(), ZoneId.of("America/New_York"), 1, false);

        PlannedWindow planned = planner.plan(inNewYork, policy(PolicyMode.AUTOMATIC), RINGS, NO_GATES, NOW, HORIZON);

        // Friday 02:00 EST is 07:00Z.
        assertThat(planned.window()).isEqualTo(range("2027-03-05T07:00:00Z", "2027-03-05T09:00:00Z"));
    }

    @Nested
    class PilotGate {

        private final TenantPolicy policy = policy(PolicyMode.AUTOMATIC);
        private final TenantGates passedThursdayWeekLater = new TenantGates(at("2027-03-11T08:12:00Z"), null, false);

        @Test
        void pilotDeviceTakesThePilotDeferralAndDoesNotWaitForTheGate() {
            PlannedWindow planned = planner.plan(device(true), policy, RINGS, passedThursdayWeekLater, NOW, HORIZON);

            assertThat(planned.earliestStart()).isEqualTo(RING_OPENS);
            assertThat(planned.window().start()).isEqualTo(at("2027-03-05T01:00:00Z"));
            // The ring opened two hours before the plan was made, so the search starts at now.
            assertThat(planned.reasons()).extracting(Reason::code)
                    .containsExactly(Reason.RING_OPENED, Reason.NOW, Reason.MAINTENANCE_WINDOW);
        }

        @Test
        void nonPilotDeviceWaitsForThePilotGate() {
            PlannedWindow planned = planner.plan(device(false), policy, RINGS, passedThursdayWeekLater, NOW,
                    HORIZON);

            assertThat(planned.earliestStart()).isEqualTo(at("2027-03-11T08:12:00Z"));
            assertThat(planned.window().start()).isEqualTo(at("2027-03-12T01:00:00Z"));
            assertThat(planned.reasons()).extracting(Reason::code).containsExactly(Reason.RING_OPENED,
                    Reason.DEFERRAL, Reason.PILOT_GATE, Reason.MAINTENANCE_WINDOW);
            assertThat(planned.reasons().get(2).text()).isEqualTo("waited for pilot gate (passed 2027-03-11T08:12:00Z)");
        }

        @Test
        void nonPilotDeviceIsBlockedWhileThePilotGateHasNotPassed() {
            PlannedWindow planned = planner.plan(device(false), policy, RINGS, new TenantGates(null, null, false),
                    NOW, HORIZON);

            assertThat(planned.isBlocked()).isTrue();
            assertThat(planned.blockedBy()).isEqualTo(Reason.PILOT_GATE_PENDING);
            assertThat(planned.window()).isNull();
            assertThat(planned.earliestStart()).isNull();
            assertThat(planned.reasons()).extracting(Reason::code)
                    .containsExactly(Reason.RING_OPENED, Reason.DEFERRAL, Reason.PILOT_GATE_PENDING);
        }

        @Test
        void aGatePassedBeforeTheDeferralEndsDoesNotMoveTheStart() {
            PlannedWindow planned = planner.plan(device(false), policy, RINGS,
                    new TenantGates(at("2027-03-03T00:00:00Z"), null, false), NOW, HORIZON);

            assertThat(planned.earliestStart()).isEqualTo(at("2027-03-04T10:00:00Z"));
            assertThat(planned.reasons().get(2).text()).isEqualTo("pilot gate passed 2027-03-03T00:00:00Z");
        }
    }

    @Nested
    class Approval {

        private final TenantPolicy policy = policy(PolicyMode.APPROVAL);

        @Test
        void pendingApprovalBlocks() {
            PlannedWindow planned = planner.plan(device(false), policy, RINGS, NO_GATES, NOW, HORIZON);

            assertThat(planned.blockedBy()).isEqualTo(Reason.APPROVAL_PENDING);
            assertThat(planned.window()).isNull();
        }

        @Test
        void approvedReleaseGetsTheFirstWindowAfterTheApproval() {
            PlannedWindow planned = planner.plan(device(false), policy, RINGS,
                    TenantGates.withoutPilotGroups(at("2027-03-08T09:00:00Z"), false), NOW, HORIZON);

            assertThat(planned.earliestStart()).isEqualTo(at("2027-03-08T09:00:00Z"));
            assertThat(planned.window().start()).isEqualTo(at("2027-03-12T01:00:00Z"));
            assertThat(planned.reasons()).extracting(Reason::code).containsExactly(Reason.RING_OPENED,
                    Reason.DEFERRAL, Reason.APPROVAL, Reason.MAINTENANCE_WINDOW);
        }

        @Test
        void declinedReleaseIsBlockedEvenIfAnApprovalWasRecorded() {
            PlannedWindow planned = planner.plan(device(false), policy, RINGS,
                    TenantGates.withoutPilotGroups(at("2027-03-08T09:00:00Z"), true), NOW, HORIZON);

            assertThat(planned.blockedBy()).isEqualTo(Reason.APPROVAL_DECLINED);
        }

        @Test
        void approvalIsIgnoredOutsideApprovalMode() {
            PlannedWindow planned = planner.plan(device(false), policy(PolicyMode.AUTOMATIC), RINGS,
                    TenantGates.withoutPilotGroups(null, true), NOW, HORIZON);

            assertThat(planned.isBlocked()).isFalse();
        }
    }

    @Test
    void pausedTenantIsBlocked() {
        TenantPolicy paused = new TenantPolicy(PolicyMode.AUTOMATIC, null, null, Duration.ofHours(48), Duration.ZERO,
                FRIDAY_NIGHT, List.of(), true, BERLIN);

        PlannedWindow planned = planner.plan(device(false), paused, RINGS, NO_GATES, NOW, HORIZON);

        assertThat(planned.blockedBy()).isEqualTo(Reason.PAUSED);
        assertThat(planned.window()).isNull();
        assertThat(planned.reasons()).extracting(Reason::code).containsExactly(Reason.PAUSED);
    }

    @Nested
    class Pinned {

        @Test
        void pinWithoutExpiryBlocks() {
            PlannedWindow planned = planner.plan(device(false), pinned(null), RINGS, NO_GATES, NOW, HORIZON);

            assertThat(planned.blockedBy()).isEqualTo(Reason.PINNED);
            assertThat(planned.reasons()).extracting(Reason::text).containsExactly("pinned to 1.4.2 until unpinned");
        }

        @Test
        void pinExpiryIsALowerBoundOnTheEarliestStart() {
            // Saturday 2027-03-20; the next Friday is 2027-03-26, still winter time in Berlin.
            PlannedWindow planned = planner.plan(device(false), pinned(at("2027-03-20T00:00:00Z")), RINGS, NO_GATES,
                    NOW, HORIZON);

            assertThat(planned.earliestStart()).isEqualTo(at("2027-03-20T00:00:00Z"));
            assertThat(planned.window().start()).isEqualTo(at("2027-03-26T01:00:00Z"));
            assertThat(planned.reasons()).extracting(Reason::code).containsExactly(Reason.RING_OPENED,
                    Reason.DEFERRAL, Reason.PINNED, Reason.MAINTENANCE_WINDOW);
        }

        @Test
        void expiredPinPlansLikeAutomatic() {
            PlannedWindow planned = planner.plan(device(false), pinned(at("2027-03-01T00:00:00Z")), RINGS, NO_GATES,
                    NOW, HORIZON);

            assertThat(planned.window().start()).isEqualTo(at("2027-03-05T01:00:00Z"));
            assertThat(planned.reasons().get(2).text()).isEqualTo("pin to 1.4.2 expired 2027-03-01T00:00:00Z");
        }

        private static TenantPolicy pinned(Instant expiry) {
            return new TenantPolicy(PolicyMode.PINNED, "1.4.2", expiry, Duration.ofHours(48), Duration.ZERO,
                    FRIDAY_NIGHT, List.of(), false, BERLIN);
        }
    }

    @Test
    void forecastRingIsFlagged() {
        RingSchedule forecast = RingSchedule.none().withOpened(0, at("2027-03-01T10:00:00Z"))
                .withForecast(1, RING_OPENS);

        PlannedWindow planned = planner.plan(device(false), policy(PolicyMode.AUTOMATIC), forecast, NO_GATES, NOW,
                HORIZON);

        assertThat(planned.forecast()).isTrue();
        assertThat(planned.window().start()).isEqualTo(at("2027-03-05T01:00:00Z"));
        assertThat(planned.reasons()).extracting(Reason::code)
                .containsExactly(Reason.FORECAST, Reason.DEFERRAL, Reason.MAINTENANCE_WINDOW);
        assertThat(planned.reasons().getFirst().text()).isEqualTo("ring 1 forecast to open 2027-03-02T10:00:00Z");
    }

    @Test
    void ringThatCannotBeForecastBlocks() {
        RingSchedule halted = RingSchedule.none().withOpened(0, at("2027-03-01T10:00:00Z"));

        PlannedWindow planned = planner.plan(device(false), policy(PolicyMode.AUTOMATIC), halted, NO_GATES, NOW,
                HORIZON);

        assertThat(planned.blockedBy()).isEqualTo(Reason.RING_UNKNOWN);
        assertThat(planned.forecast()).isFalse();
    }

    @Test
    void freezeCoveringTheWholeFirstWindowMovesItToTheNextWeek() {
        Freeze freeze = new Freeze(OffsetDateTime.parse("2027-03-04T00:00:00Z"),
                OffsetDateTime.parse("2027-03-06T00:00:00+01:00"), "quarter close");
        TenantPolicy policy = new TenantPolicy(PolicyMode.AUTOMATIC, null, null, Duration.ofHours(48), Duration.ZERO,
                FRIDAY_NIGHT, List.of(freeze), false, BERLIN);

        PlannedWindow planned = planner.plan(device(false), policy, RINGS, NO_GATES, NOW, HORIZON);

        assertThat(planned.window()).isEqualTo(range("2027-03-12T01:00:00Z", "2027-03-12T03:00:00Z"));
        assertThat(planned.reasons()).extracting(Reason::code).containsExactly(Reason.RING_OPENED,
                Reason.DEFERRAL, Reason.FREEZE, Reason.MAINTENANCE_WINDOW);
        assertThat(planned.reasons().get(2).text())
                .isEqualTo("skipped freeze 'quarter close' 2027-03-04T00:00:00Z – 2027-03-05T23:00:00Z");
    }

    @Test
    void planMadeAfterTheEarliestStartBeginsAtNow() {
        Instant late = at("2027-03-10T00:00:00Z");

        PlannedWindow planned = planner.plan(device(false), policy(PolicyMode.AUTOMATIC), RINGS, NO_GATES, late,
                late.plus(Duration.ofDays(30)));

        assertThat(planned.earliestStart()).isEqualTo(at("2027-03-04T10:00:00Z"));
        assertThat(planned.window().start()).isEqualTo(at("2027-03-12T01:00:00Z"));
        assertThat(planned.reasons()).extracting(Reason::code).containsExactly(Reason.RING_OPENED,
                Reason.DEFERRAL, Reason.NOW, Reason.MAINTENANCE_WINDOW);
    }

    @Test
    void withoutWindowsTheDeviceMayInstallFromTheEarliestStartOn() {
        PlannedWindow planned = planner.plan(device(false), TenantPolicy.safeDefault(BERLIN), RINGS, NO_GATES, NOW,
                HORIZON);

        assertThat(planned.window()).isEqualTo(TimeRange.openEnded(at("2027-03-03T10:00:00Z")));
        assertThat(planned.reasons()).extracting(Reason::text).containsExactly(
                "ring 1 opened 2027-03-02T10:00:00Z",
                "+24h tenant deferral",
                "no maintenance windows: Wed 2027-03-03 11:00 Europe/Berlin onwards");
    }

    @Test
    void nothingBeforeTheHorizonBlocks() {
        PlannedWindow planned = planner.plan(device(false), policy(PolicyMode.AUTOMATIC), RINGS, NO_GATES, NOW,
                at("2027-03-04T00:00:00Z"));

        assertThat(planned.blockedBy()).isEqualTo(Reason.NO_WINDOW);
        assertThat(planned.earliestStart()).isEqualTo(at("2027-03-04T10:00:00Z"));
    }

    @Test
    void safeDefaultIsAutomaticWithADayOfDeferral() {
        TenantPolicy policy = TenantPolicy.safeDefault(BERLIN);

        assertThat(policy.mode()).isEqualTo(PolicyMode.AUTOMATIC);
        assertThat(policy.deferral()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.pilotDeferral()).isZero();
        assertThat(policy.windows()).isEmpty();
        assertThat(policy.freezes()).isEmpty();
        assertThat(policy.paused()).isFalse();
        assertThat(policy.tenantZone()).isEqualTo(BERLIN);
    }

    private static TenantPolicy policy(PolicyMode mode) {
        return new TenantPolicy(mode, null, null, Duration.ofHours(48), Duration.ZERO, FRIDAY_NIGHT, List.of(), false,
                BERLIN);
    }

    private static DeviceFacts device(boolean pilot) {
        return new DeviceFacts(UUID.fromString("00000000-0000-0000-0000-000000000001"), null, 1, pilot);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static TimeRange range(String start, String end) {
        return new TimeRange(at(start), at(end));
    }
}
