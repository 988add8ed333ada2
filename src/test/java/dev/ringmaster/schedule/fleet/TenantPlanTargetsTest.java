package dev.ringmaster.schedule.fleet;

import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.ReleaseFacts;
import dev.ringmaster.schedule.RingSchedule;
import dev.ringmaster.schedule.TenantPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which release each device of a tenant is planned for when releases were halted, rolled back or pinned. */
class TenantPlanTargetsTest {

    private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
    private static final RingSchedule ALL_OPEN = RingSchedule.none().withOpened(0, NOW.minus(Duration.ofDays(3)))
            .withOpened(1, NOW.minus(Duration.ofDays(2)));

    private final ReleaseCandidate good = candidate("1.0.0", true, false, null, ALL_OPEN);
    private final ReleaseCandidate bad = candidate("1.1.0", false, true, null, RingSchedule.none());
    private final ReleaseCandidate rollback = candidate("1.0.0+rollback.1", false, false, "1.1.0", ALL_OPEN);
    private final ProductFacts product = new ProductFacts(UUID.randomUUID(), "agent", List.of(good, bad, rollback));

    @Test
    void eachDeviceIsPlannedForItsOwnReleaseAfterARollback() {
        DeviceInput ranBad = device();
        DeviceInput stillInstalling = device();
        DeviceInput neverTouched = device();
        TenantFacts tenant = tenant(policy(PolicyMode.AUTOMATIC, null, null), Map.of(
                ranBad.id(), new TenantFacts.HaltedSeen(Set.of("1.1.0"), null),
                stillInstalling.id(), new TenantFacts.HaltedSeen(Set.of("1.1.0"), "1.1.0")));

        TenantPlan plan = TenantPlan.of(product, tenant, NOW).orElseThrow();

        assertThat(plan.subject()).contains(good);
        assertThat(plan.window(ranBad).releaseId()).isEqualTo(rollback.releaseId());
        assertThat(plan.window(ranBad).reasons().getFirst().code()).isEqualTo(Reason.ROLLBACK);
        assertThat(plan.window(stillInstalling).releaseId()).as("an open action is rolled back too").isEqualTo(rollback.releaseId());
        assertThat(plan.window(neverTouched).releaseId()).isEqualTo(good.releaseId());
        assertThat(plan.exceptionReleases()).containsOnlyKeys(ranBad.id(), stillInstalling.id());
    }

    @Test
    void withoutARollbackAnOpenActionKeepsItsHaltedReleaseBlocked() {
        ProductFacts halted = new ProductFacts(product.productId(), "agent", List.of(good, bad));
        DeviceInput installing = device();
        DeviceInput ran = device();
        TenantFacts tenant = tenant(policy(PolicyMode.AUTOMATIC, null, null), Map.of(
                installing.id(), new TenantFacts.HaltedSeen(Set.of("1.1.0"), "1.1.0"),
                ran.id(), new TenantFacts.HaltedSeen(Set.of("1.1.0"), null)));

        TenantPlan plan = TenantPlan.of(halted, tenant, NOW).orElseThrow();

        DeviceWindow held = plan.window(installing);
        assertThat(held.releaseId()).isEqualTo(bad.releaseId());
        assertThat(held.plan().isBlocked()).isTrue();
        assertThat(held.reasons().getFirst().code()).isEqualTo(Reason.HALTED);
        assertThat(plan.window(ran).releaseId()).as("stays where it is: nothing older is offered").isEqualTo(good.releaseId());
    }

    @Test
    void aPinPlansThePinnedReleaseLikeAutomaticAndSaysSo() {
        ReleaseCandidate newer = candidate("1.2.0", true, false, null, ALL_OPEN);
        ProductFacts releases = new ProductFacts(product.productId(), "agent", List.of(good, newer));
        Instant expiry = NOW.plus(Duration.ofDays(1));

        TenantPlan pinned = TenantPlan.of(releases, tenant(policy(PolicyMode.PINNED, "1.0.0", expiry), Map.of()), NOW).orElseThrow();
        DeviceWindow window = pinned.window(device());
        assertThat(window.releaseId()).isEqualTo(good.releaseId());
        assertThat(window.plan().window().start()).isEqualTo(NOW);
        assertThat(window.reasons().getFirst().text()).isEqualTo("pinned to 1.0.0 until " + expiry);

        TenantPlan expired = TenantPlan.of(releases, tenant(policy(PolicyMode.PINNED, "1.0.0", expiry), Map.of()),
                expiry).orElseThrow();
        assertThat(expired.window(device()).releaseId()).isEqualTo(newer.releaseId());

        assertThat(TenantPlan.of(releases, tenant(policy(PolicyMode.PINNED, "0.9.0", null), Map.of()), NOW))
                .as("a pin to no release plans nothing").isEmpty();
    }

    private static ReleaseCandidate candidate(String version, boolean completed, boolean halted, String rollbackOf,
            RingSchedule schedule) {
        return new ReleaseCandidate(UUID.randomUUID(),
                new ReleaseFacts(version, completed, NOW.minus(Duration.ofDays(5)), halted, rollbackOf),
                new RolloutFacts(UUID.randomUUID(), "salt", new RingLadder(List.of(new BigDecimal("0.5"), BigDecimal.ONE)),
                        schedule));
    }

    private static TenantPolicy policy(PolicyMode mode, String pinned, Instant expiry) {
        return new TenantPolicy(mode, pinned, expiry, Duration.ZERO, Duration.ZERO, List.of(), List.of(), false,
                ZoneId.of("UTC"));
    }

    private static TenantFacts tenant(TenantPolicy policy, Map<UUID, TenantFacts.HaltedSeen> halted) {
        return new TenantFacts("t", policy, Set.of(), Map.of(), Map.of(), BigDecimal.ONE, halted);
    }

    private static DeviceInput device() {
        return new DeviceInput(UUID.randomUUID(), "d", null);
    }
}
