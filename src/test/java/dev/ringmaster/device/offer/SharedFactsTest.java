package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedFactsTest {

    private static final UUID PRODUCT = UUID.randomUUID();
    private static final UUID RELEASE = UUID.randomUUID();
    private static final UUID ROLLOUT = UUID.randomUUID();
    private static final Instant START = Instant.parse("2026-11-24T02:00:00Z");
    private static final SharedFacts.TenantFact ACTIVE = new SharedFacts.TenantFact(true, Map.of());

    private static SharedFacts.ReleaseFact release(String state, boolean rollback) {
        return new SharedFacts.ReleaseFact(RELEASE, "agent", PRODUCT, SemanticVersion.parse("4.2.0"), rollback, state);
    }

    private static SharedFacts.DeviceWindow window(int ring, Long actionId, Boolean open) {
        return new SharedFacts.DeviceWindow(RELEASE, ROLLOUT, ring, START, null, actionId, open);
    }

    private static SharedFacts.RolloutFact rollout(String state, Map<Integer, String> rings) {
        return new SharedFacts.RolloutFact(ROLLOUT, state, rings);
    }

    @Test
    void aRunningRolloutOfAPublishedReleaseInAnOpenRingIsOfferableButUnprovenUntilRingOnePasses() {
        OfferStore.Stored stored = SharedFacts.join(window(0, null, null), release("published", false),
                rollout("running", Map.of(0, "open", 1, "pending", 2, "pending")), ACTIVE);

        OfferCandidate candidate = stored.candidate();
        assertTrue(candidate.rolloutRunning());
        assertTrue(candidate.ringOpen());
        assertFalse(candidate.proven());
        assertFalse(candidate.tenantPaused());
        assertFalse(stored.rolloutStopped());
        assertEquals(OfferCandidate.ActionState.NONE, candidate.action());
        assertEquals(1.0, stored.maxConcurrentShare());
        assertEquals(PRODUCT, stored.productId());
        assertEquals("agent", candidate.productKey());

        OfferStore.Stored laterRing = SharedFacts.join(window(2, null, null), release("rolling_out", false),
                rollout("running", Map.of(0, "passed", 1, "passed", 2, "pending")), ACTIVE);
        assertTrue(laterRing.candidate().proven());
        assertFalse(laterRing.candidate().ringOpen());
    }

    @Test
    void aCanaryOnlyRolloutIsProvenOnceEveryRingPassedAndAPassedRingStaysOpen() {
        assertFalse(SharedFacts.join(window(0, null, null), release("rolling_out", false),
                rollout("running", Map.of(0, "open")), ACTIVE).candidate().proven());
        OfferCandidate passed = SharedFacts.join(window(0, null, null), release("completed", false),
                rollout("completed", Map.of(0, "passed")), ACTIVE).candidate();
        assertTrue(passed.proven());
        assertTrue(passed.ringOpen());
        assertTrue(passed.rolloutRunning(), "a completed rollout of a completed release is still given to devices that were away");
    }

    @Test
    void onlyARunningOrCompletedRolloutOfAMatchingReleaseCountsAsRunning() {
        assertFalse(SharedFacts.join(window(0, null, null), release("completed", false),
                rollout("running", Map.of(0, "open")), ACTIVE).candidate().rolloutRunning());
        assertFalse(SharedFacts.join(window(0, null, null), release("published", false),
                rollout("paused", Map.of(0, "open")), ACTIVE).candidate().rolloutRunning());
        assertFalse(SharedFacts.join(window(0, null, null), release("published", false), null, ACTIVE).candidate().rolloutRunning());
    }

    @Test
    void aHaltedOrAbortedRolloutOrAHaltedOrWithdrawnReleaseIsStopped() {
        assertTrue(SharedFacts.join(window(0, null, null), release("rolling_out", false),
                rollout("halted", Map.of(0, "halted")), ACTIVE).rolloutStopped());
        assertTrue(SharedFacts.join(window(0, null, null), release("rolling_out", false),
                rollout("aborted", Map.of(0, "open")), ACTIVE).rolloutStopped());
        assertTrue(SharedFacts.join(window(0, null, null), release("withdrawn", false), null, ACTIVE).rolloutStopped());
        assertTrue(SharedFacts.join(window(0, null, null), release("halted", false),
                rollout("running", Map.of(0, "open")), ACTIVE).rolloutStopped());
        assertFalse(SharedFacts.join(window(0, null, null), release("published", false),
                rollout("on_hold", Map.of(0, "on_hold")), ACTIVE).rolloutStopped());
    }

    @Test
    void theTenantsPolicyPausesAndCapsItsProductAndASuspendedTenantIsPausedEverywhere() {
        SharedFacts.TenantFact capped = new SharedFacts.TenantFact(true, Map.of(PRODUCT, new SharedFacts.PolicyFact(true, 0.25)));
        OfferStore.Stored stored = SharedFacts.join(window(0, null, null), release("published", false),
                rollout("running", Map.of(0, "open")), capped);
        assertTrue(stored.candidate().tenantPaused());
        assertEquals(0.25, stored.maxConcurrentShare());

        SharedFacts.TenantFact otherProduct = new SharedFacts.TenantFact(true, Map.of(UUID.randomUUID(), new SharedFacts.PolicyFact(true, 0.5)));
        assertFalse(SharedFacts.join(window(0, null, null), release("published", false), null, otherProduct).candidate().tenantPaused());

        SharedFacts.TenantFact suspended = new SharedFacts.TenantFact(false, Map.of());
        assertTrue(SharedFacts.join(window(0, null, null), release("published", false), null, suspended).candidate().tenantPaused());
    }

    @Test
    void theDevicesActionForTheReleaseIsInProgressWhileOpenAndFinishedOnceClosed() {
        OfferStore.Stored open = SharedFacts.join(window(0, 7L, true), release("published", true), null, ACTIVE);
        assertEquals(OfferCandidate.ActionState.IN_PROGRESS, open.candidate().action());
        assertEquals(7L, open.actionId());
        assertTrue(open.candidate().rollback());
        assertEquals(OfferCandidate.ActionState.FINISHED,
                SharedFacts.join(window(0, 8L, false), release("published", false), null, ACTIVE).candidate().action());
    }

    @Test
    void aWindowPlannedOnAForecastRingOpeningIsNoWindowEvenOnceTheRingOpened() {
        SharedFacts.DeviceWindow forecast = new SharedFacts.DeviceWindow(RELEASE, ROLLOUT, 1, START, START.plusSeconds(3600),
                null, null, null, true);
        OfferStore.Stored stored = SharedFacts.join(forecast, release("rolling_out", false),
                rollout("running", Map.of(0, "passed", 1, "open")), ACTIVE);

        assertTrue(stored.candidate().ringOpen());
        assertEquals(null, stored.candidate().windowStart());
        OfferDecision decision = new OfferRules(java.time.Duration.ofMinutes(5)).decide(List.of(stored.candidate()),
                Map.of("agent", SemanticVersion.parse("4.1.0")), new Budgets(Map.of("agent", 10), 10), START.plusSeconds(60));
        assertEquals(WaitReason.RING_NOT_OPEN, ((OfferDecision.Wait) decision).reason());
    }
}
