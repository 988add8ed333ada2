package dev.ringmaster.device.offer;

import dev.ringmaster.schedule.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Offers decided one after another in one locked look spend from the budgets counted once. */
class BudgetsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T02:30:00Z");
    private static final OfferRules RULES = new OfferRules(Duration.ofMinutes(15));

    private static OfferCandidate candidate(String product, boolean proven) {
        return new OfferCandidate(UUID.randomUUID(), UUID.randomUUID(), product, SemanticVersion.parse("2.0.0"), 0,
                NOW.minusSeconds(60), null, true, true, proven, false, false, OfferCandidate.ActionState.NONE);
    }

    @Test
    void anOfferTakesOnePlaceOfItsProductAndOfTheBlastRadiusWhenUnproven() {
        Budgets budgets = new Budgets(Map.of("agent", 3, "firmware", 5), 10);

        Budgets afterUnproven = budgets.spend(candidate("agent", false));
        assertThat(afterUnproven.concurrency("agent")).isEqualTo(2);
        assertThat(afterUnproven.concurrency("firmware")).isEqualTo(5);
        assertThat(afterUnproven.blastRadius()).isEqualTo(9);

        Budgets afterProven = afterUnproven.spend(candidate("firmware", true));
        assertThat(afterProven.concurrency("firmware")).isEqualTo(4);
        assertThat(afterProven.blastRadius()).isEqualTo(9);
    }

    @Test
    void whatWasNeverCountedStaysUnlimited() {
        Budgets spent = Budgets.UNCOUNTED.spend(candidate("agent", false));
        assertThat(spent.concurrency("agent")).isEqualTo(Integer.MAX_VALUE);
        assertThat(spent.blastRadius()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void devicesDecidedInTurnGetExactlyTheRoomThereWas() {
        Budgets budgets = new Budgets(Map.of("agent", 4), 100);
        Map<String, SemanticVersion> onOne = Map.of("agent", SemanticVersion.parse("1.0.0"));
        List<OfferDecision> decisions = new ArrayList<>();
        for (int device = 0; device < 10; device++) {
            OfferCandidate mine = candidate("agent", false);
            OfferDecision decision = RULES.decide(List.of(mine), onOne, budgets, NOW);
            if (decision instanceof OfferDecision.Offer) {
                budgets = budgets.spend(mine);
            }
            decisions.add(decision);
        }
        assertThat(decisions).filteredOn(OfferDecision.Offer.class::isInstance).hasSize(4);
        assertThat(decisions.subList(4, 10)).allSatisfy(decision ->
                assertThat(((OfferDecision.Wait) decision).reason()).isEqualTo(WaitReason.CONCURRENCY_CAP));
        assertThat(budgets.blastRadius()).isEqualTo(96);
    }
}
