package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of "offered at check-in only if", one at a time, with a fixed clock. */
class OfferRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-10T02:30:00Z");
    private static final OfferRules RULES = new OfferRules(Duration.ofMinutes(15));
    private static final Map<String, SemanticVersion> ON_1_0 = Map.of("agent", SemanticVersion.parse("1.0.0"));
    private static final Budgets ROOM = new Budgets(Map.of("agent", 5), 5);

    private static OfferCandidate candidate(String version, Instant start, Instant end) {
        return new OfferCandidate(UUID.randomUUID(), UUID.randomUUID(), "agent", SemanticVersion.parse(version), 1, start, end,
                true, true, false, false, false, OfferCandidate.ActionState.NONE);
    }

    private static OfferCandidate inWindow() {
        return candidate("2.0.0", NOW.minusSeconds(1800), NOW.plusSeconds(3600));
    }

    @Test
    void insideAnOpenWindowOfARunningRolloutTheReleaseIsOffered() {
        OfferDecision decision = RULES.decide(List.of(inWindow()), ON_1_0, ROOM, NOW);
        assertThat(decision).isInstanceOf(OfferDecision.Offer.class);
        assertThat(((OfferDecision.Offer) decision).resumed()).isFalse();
    }

    @Test
    void beforeTheWindowTheDeviceComesBackWhenItOpensOrAtTheRecheck() {
        OfferDecision soon = RULES.decide(List.of(candidate("2.0.0", NOW.plusSeconds(300), null)), ON_1_0, ROOM, NOW);
        assertThat(soon).isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(300), WaitReason.BEFORE_WINDOW));
        OfferDecision later = RULES.decide(List.of(candidate("2.0.0", NOW.plusSeconds(7200), null)), ON_1_0, ROOM, NOW);
        assertThat(later).isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), WaitReason.BEFORE_WINDOW));
    }

    @Test
    void aWindowThatEndedOffersNothingEvenAtItsLastInstant() {
        assertThat(RULES.decide(List.of(candidate("2.0.0", NOW.minusSeconds(3600), NOW)), ON_1_0, ROOM, NOW))
                .isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), WaitReason.WINDOW_PASSED));
    }

    @Test
    void notRunningNotOpenPausedOrWithoutAWindowOffersNothing() {
        OfferCandidate base = inWindow();
        List<OfferCandidate> blocked = List.of(
                new OfferCandidate(base.releaseId(), base.rolloutId(), "agent", base.version(), 1, base.windowStart(), base.windowEnd(),
                        false, true, false, false, false, OfferCandidate.ActionState.NONE),
                new OfferCandidate(base.releaseId(), base.rolloutId(), "agent", base.version(), 1, base.windowStart(), base.windowEnd(),
                        true, false, false, false, false, OfferCandidate.ActionState.NONE),
                new OfferCandidate(base.releaseId(), base.rolloutId(), "agent", base.version(), 1, base.windowStart(), base.windowEnd(),
                        true, true, false, false, true, OfferCandidate.ActionState.NONE),
                new OfferCandidate(base.releaseId(), base.rolloutId(), "agent", base.version(), 1, null, null,
                        true, true, false, false, false, OfferCandidate.ActionState.NONE));
        List<WaitReason> expected = List.of(WaitReason.ROLLOUT_NOT_RUNNING, WaitReason.RING_NOT_OPEN, WaitReason.PAUSED, WaitReason.RING_NOT_OPEN);
        for (int i = 0; i < blocked.size(); i++) {
            assertThat(RULES.decide(List.of(blocked.get(i)), ON_1_0, ROOM, NOW))
                    .isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), expected.get(i)));
        }
    }

    @Test
    void aProductTheDeviceDoesNotRunIsNeverOfferedButReporting000AsksForAFirstInstall() {
        Map<String, SemanticVersion> runsContentOnly = Map.of("content", SemanticVersion.parse("2026.1.0"));
        assertThat(RULES.decide(List.of(inWindow()), runsContentOnly, ROOM, NOW))
                .isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), WaitReason.UP_TO_DATE));
        assertThat(RULES.decide(List.of(inWindow()), Map.of("agent", SemanticVersion.parse("0.0.0")), ROOM, NOW))
                .isInstanceOf(OfferDecision.Offer.class);
    }

    @Test
    void aDeviceOnTheReleaseOrNewerIsNotOfferedItUnlessItIsARollback() {
        Map<String, SemanticVersion> on2 = Map.of("agent", SemanticVersion.parse("2.0.0"));
        Map<String, SemanticVersion> on3 = Map.of("agent", SemanticVersion.parse("3.0.0"));
        assertThat(RULES.decide(List.of(inWindow()), on2, ROOM, NOW)).isInstanceOf(OfferDecision.Wait.class);
        assertThat(RULES.decide(List.of(inWindow()), on3, ROOM, NOW)).isInstanceOf(OfferDecision.Wait.class);
        OfferCandidate c = inWindow();
        OfferCandidate rollback = new OfferCandidate(c.releaseId(), c.rolloutId(), "agent", c.version(), 1, c.windowStart(), c.windowEnd(),
                true, true, false, true, false, OfferCandidate.ActionState.NONE);
        assertThat(RULES.decide(List.of(rollback), on3, ROOM, NOW)).isInstanceOf(OfferDecision.Offer.class);
        assertThat(RULES.decide(List.of(rollback), on2, ROOM, NOW)).isInstanceOf(OfferDecision.Wait.class);
    }

    @Test
    void fullBudgetsHoldFreshOffersButNotAnInstallAlreadyUnderWay() {
        Budgets noConcurrency = new Budgets(Map.of("agent", 0), 5);
        Budgets noBlastRadius = new Budgets(Map.of("agent", 5), 0);
        assertThat(RULES.decide(List.of(inWindow()), ON_1_0, noConcurrency, NOW))
                .isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), WaitReason.CONCURRENCY_CAP));
        assertThat(RULES.decide(List.of(inWindow()), ON_1_0, noBlastRadius, NOW))
                .isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), WaitReason.BLAST_RADIUS_CAP));

        OfferCandidate c = inWindow();
        OfferCandidate proven = new OfferCandidate(c.releaseId(), c.rolloutId(), "agent", c.version(), 1, c.windowStart(), c.windowEnd(),
                true, true, true, false, false, OfferCandidate.ActionState.NONE);
        assertThat(RULES.decide(List.of(proven), ON_1_0, noBlastRadius, NOW)).isInstanceOf(OfferDecision.Offer.class);

        OfferCandidate underWay = new OfferCandidate(c.releaseId(), c.rolloutId(), "agent", c.version(), 1, c.windowStart(), c.windowEnd(),
                true, true, false, false, false, OfferCandidate.ActionState.IN_PROGRESS);
        OfferDecision resumed = RULES.decide(List.of(underWay), ON_1_0, new Budgets(Map.of("agent", 0), 0), NOW);
        assertThat(resumed).isEqualTo(new OfferDecision.Offer(underWay, true));
    }

    @Test
    void aFinishedActionIsNeverOfferedAgainAndTheNewestWantedReleaseWins() {
        OfferCandidate c = inWindow();
        OfferCandidate finished = new OfferCandidate(c.releaseId(), c.rolloutId(), "agent", c.version(), 1, c.windowStart(), c.windowEnd(),
                true, true, false, false, false, OfferCandidate.ActionState.FINISHED);
        assertThat(RULES.decide(List.of(finished), ON_1_0, ROOM, NOW))
                .isEqualTo(new OfferDecision.Wait(NOW.plusSeconds(900), WaitReason.UP_TO_DATE));

        OfferCandidate older = candidate("1.5.0", NOW.minusSeconds(60), null);
        OfferCandidate newer = candidate("2.1.0", NOW.minusSeconds(60), null);
        OfferDecision decision = RULES.decide(List.of(older, newer), ON_1_0, ROOM, NOW);
        assertThat(((OfferDecision.Offer) decision).candidate()).isEqualTo(newer);
        assertThat(RULES.decide(List.of(newer, older), ON_1_0, ROOM, NOW)).isEqualTo(decision);
    }

    @Test
    void theTenantsRoomIsItsShareOfDevicesAtLeastOneMinusThoseInstalling() {
        assertThat(Budgets.concurrencyRoom(0.1, 100, 3)).isEqualTo(7);
        assertThat(Budgets.concurrencyRoom(0.1, 100, 12)).isZero();
        assertThat(Budgets.concurrencyRoom(0.01, 10, 0)).isEqualTo(1);
        assertThat(Budgets.concurrencyRoom(0.01, 10, 1)).isZero();
    }
}
