package dev.ringmaster.schedule;

import dev.ringmaster.policy.PolicyMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionTargetTest {

    private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
    private static final Instant EARLIER = NOW.minus(Duration.ofDays(30));

    @Test
    void nMinusOneFollowsReleasesAsTheyComplete() {
        List<ReleaseFacts> rollingOut = List.of(completed("1.0.0"), completed("1.1.0"), rolling("1.2.0"));
        assertThat(target(PolicyMode.N_MINUS_1, rollingOut)).contains("1.0.0");

        List<ReleaseFacts> done = List.of(completed("1.0.0"), completed("1.1.0"), completed("1.2.0"));
        assertThat(target(PolicyMode.N_MINUS_1, done)).contains("1.1.0");
    }

    @Test
    void nMinusTwoStepsBackTwoReleases() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), completed("1.1.0"), completed("1.2.0"),
                completed("1.3.0"), rolling("1.4.0"));

        assertThat(target(PolicyMode.N_MINUS_2, releases)).contains("1.1.0");
    }

    @Test
    void fewerOlderReleasesThanTheStepGivesNothing() {
        assertThat(target(PolicyMode.N_MINUS_1, List.of(completed("1.0.0")))).isEmpty();
        assertThat(target(PolicyMode.N_MINUS_2, List.of(completed("1.0.0"), completed("1.1.0")))).isEmpty();
        assertThat(target(PolicyMode.N_MINUS_1, List.of(rolling("1.0.0"), rolling("1.1.0")))).isEmpty();
        assertThat(target(PolicyMode.N_MINUS_1, List.of())).isEmpty();
    }

    @Test
    void stepsAreCountedInVersionOrderNotListOrder() {
        List<ReleaseFacts> releases = List.of(completed("1.10.0"), completed("1.2.0"), completed("1.9.0"),
                rolling("1.11.0"));

        assertThat(target(PolicyMode.N_MINUS_1, releases)).contains("1.9.0");
        assertThat(target(PolicyMode.N_MINUS_2, releases)).contains("1.2.0");
    }

    @Test
    void automaticAndApprovalTargetTheNewestPublishedRelease() {
        List<ReleaseFacts> releases = List.of(completed("1.9.0"), rolling("1.10.0"),
                new ReleaseFacts("2.0.0", false, null), new ReleaseFacts("1.11.0", false, NOW.plusSeconds(1)));

        assertThat(target(PolicyMode.AUTOMATIC, releases)).contains("1.10.0");
        assertThat(target(PolicyMode.APPROVAL, releases)).contains("1.10.0");
        assertThat(target(PolicyMode.AUTOMATIC, List.of())).isEmpty();
    }

    @Test
    void preReleaseSortsBeforeItsRelease() {
        assertThat(target(PolicyMode.AUTOMATIC, List.of(completed("2.0.0"), rolling("2.0.0-rc.1"))))
                .contains("2.0.0");
        assertThat(target(PolicyMode.AUTOMATIC, List.of(completed("1.9.9"), rolling("2.0.0-rc.1"))))
                .contains("2.0.0-rc.1");
    }

    @Test
    void pinHoldsUntilItExpiresThenFollowsAutomatic() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), rolling("1.1.0"));
        TenantPolicy pinned = pinned("1.0.0", NOW.plusSeconds(1));
        TenantPolicy expired = pinned("1.0.0", NOW);

        assertThat(VersionTarget.target(pinned, releases, NOW)).contains("1.0.0");
        assertThat(VersionTarget.target(expired, releases, NOW)).contains("1.1.0");
        // A version that is no release (or none that may be targeted) gives nothing: the devices stay put.
        assertThat(VersionTarget.target(pinned("0.9.0", null), releases, NOW)).isEmpty();
    }

    @Test
    void aPinTargetsExactlyThePinnedVersionOlderOrNewerThanTheNewest() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), completed("1.1.0"), completed("1.2.0"));

        assertThat(VersionTarget.target(pinned("1.1.0", null), releases, NOW)).contains("1.1.0");
        assertThat(VersionTarget.target(pinned("1.0.0", null), releases, NOW)).contains("1.0.0");
        assertThat(VersionTarget.target(pinned("1.2.0", NOW.plusSeconds(60)), releases, NOW)).contains("1.2.0");
        assertThat(VersionTarget.target(pinned("1.1.0", null), List.of(completed("1.0.0"), halted("1.1.0")), NOW))
                .as("a halted release is never a target, pinned or not").isEmpty();
        assertThat(VersionTarget.target(pinned("1.1.0", NOW), List.of(completed("1.0.0"), halted("1.1.0")), NOW))
                .as("an expired pin follows automatic").contains("1.0.0");
    }

    @Test
    void aHaltedReleaseIsNeverTheTargetOfAutomaticOrApproval() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), halted("1.1.0"));
        assertThat(target(PolicyMode.AUTOMATIC, releases)).contains("1.0.0");
        assertThat(target(PolicyMode.APPROVAL, releases)).contains("1.0.0");

        List<ReleaseFacts> next = List.of(completed("1.0.0"), halted("1.1.0"), rolling("1.2.0"));
        assertThat(target(PolicyMode.AUTOMATIC, next)).contains("1.2.0");
        assertThat(target(PolicyMode.AUTOMATIC, List.of(halted("1.1.0")))).isEmpty();
    }

    @Test
    void aRollbackReleaseIsNoTenantsTarget() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), halted("1.1.0"), rollbackOf("1.0.0+rollback.1", "1.1.0"));

        assertThat(target(PolicyMode.AUTOMATIC, releases)).contains("1.0.0");
        assertThat(target(PolicyMode.N_MINUS_1, List.of(completed("0.9.0"), completed("1.0.0"), halted("1.1.0"),
                rollbackOf("1.0.0+rollback.1", "1.1.0")))).contains("0.9.0");
    }

    @Test
    void nMinusCountsOnlyReleasesNeverHalted() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), completed("1.1.0"), halted("1.2.0"), completed("1.3.0"));

        assertThat(target(PolicyMode.N_MINUS_1, releases)).contains("1.1.0");
        assertThat(target(PolicyMode.N_MINUS_2, releases)).contains("1.0.0");
        // The halted release is not the newest completed one either.
        assertThat(target(PolicyMode.N_MINUS_1, List.of(completed("1.0.0"), completed("1.1.0"),
                new ReleaseFacts("1.2.0", true, EARLIER, true, null)))).contains("1.0.0");
    }

    @Test
    void aDeviceThatRanTheRolledBackVersionIsSentToTheRollback() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), halted("1.1.0"), rollbackOf("1.0.0+rollback.1", "1.1.0"));
        java.util.Optional<String> tenant = target(PolicyMode.AUTOMATIC, releases);

        assertThat(VersionTarget.rollback(tenant, java.util.Set.of("1.1.0"), releases, NOW)).contains("1.0.0+rollback.1");
        assertThat(VersionTarget.rollback(tenant, java.util.Set.of(), releases, NOW)).as("never ran it").isEmpty();
        assertThat(VersionTarget.rollback(tenant, java.util.Set.of("1.1.0"), List.of(completed("1.0.0"), halted("1.1.0")), NOW))
                .as("halted but not rolled back: the device stays").isEmpty();
        assertThat(VersionTarget.rollback(java.util.Optional.empty(), java.util.Set.of("1.1.0"), releases, NOW))
                .as("whatever the tenant's own target").contains("1.0.0+rollback.1");
    }

    @Test
    void aNewerGoodReleaseSupersedesTheRollback() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), halted("1.1.0"), rollbackOf("1.0.0+rollback.1", "1.1.0"),
                rolling("1.2.0"));

        assertThat(VersionTarget.rollback(target(PolicyMode.AUTOMATIC, releases), java.util.Set.of("1.1.0"), releases, NOW))
                .isEmpty();
        List<ReleaseFacts> behind = List.of(completed("0.9.0"), completed("1.0.0"), halted("1.1.0"),
                rollbackOf("1.0.0+rollback.1", "1.1.0"), rolling("1.2.0"));
        assertThat(VersionTarget.rollback(target(PolicyMode.N_MINUS_1, behind), java.util.Set.of("1.1.0"), behind, NOW))
                .as("n-1 targets 0.9.0, older than the rolled-back version").contains("1.0.0+rollback.1");
    }

    @Test
    void aHaltedRollbackIsReplacedByTheNextOne() {
        List<ReleaseFacts> releases = List.of(completed("1.0.0"), halted("1.1.0"),
                new ReleaseFacts("1.0.0+rollback.1", false, EARLIER, true, "1.1.0"), rollbackOf("1.0.0+rollback.2", "1.1.0"));

        assertThat(VersionTarget.rollback(java.util.Optional.of("1.0.0"), java.util.Set.of("1.1.0"), releases, NOW))
                .contains("1.0.0+rollback.2");
    }

    @Test
    void semanticVersionOrdering() {
        List<String> ordered = List.of("0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.9.0", "1.10.0", "1.10.1",
                "2.0.0", "10.0.0");
        List<String> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new java.util.Random(7));

        List<String> sorted = shuffled.stream().map(SemanticVersion::parse).sorted()
                .map(version -> ordered.stream().filter(text -> SemanticVersion.parse(text).equals(version))
                        .findFirst().orElseThrow())
                .toList();

        assertThat(sorted).containsExactlyElementsOf(ordered);
        assertThat(SemanticVersion.parse("1.0.0+build.5")).isEqualByComparingTo(SemanticVersion.parse("1.0.0"));
    }

    @Test
    void malformedVersionsAreRejected() {
        for (String bad : List.of("1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0-a..b", "")) {
            assertThatThrownBy(() -> SemanticVersion.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static java.util.Optional<String> target(PolicyMode mode, List<ReleaseFacts> releases) {
        TenantPolicy policy = new TenantPolicy(mode, null, null, Duration.ZERO, Duration.ZERO, List.of(), List.of(),
                false, ZoneId.of("UTC"));
        return VersionTarget.target(policy, releases, NOW);
    }

    private static TenantPolicy pinned(String version, Instant expiry) {
        return new TenantPolicy(PolicyMode.PINNED, version, expiry, Duration.ZERO, Duration.ZERO, List.of(), List.of(),
                false, ZoneId.of("UTC"));
    }

    private static ReleaseFacts completed(String version) {
        return new ReleaseFacts(version, true, EARLIER);
    }

    private static ReleaseFacts halted(String version) {
        return new ReleaseFacts(version, false, EARLIER, true, null);
    }

    private static ReleaseFacts rollbackOf(String version, String rolledBack) {
        return new ReleaseFacts(version, false, EARLIER, false, rolledBack);
    }

    private static ReleaseFacts rolling(String version) {
        return new ReleaseFacts(version, false, EARLIER);
    }
}
