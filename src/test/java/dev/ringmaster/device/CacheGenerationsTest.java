package dev.ringmaster.device;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheGenerationsTest {

    private final CacheGenerations generations = new CacheGenerations();

    @BeforeEach
    void trustTheFeed() {
        generations.trusted(true);
    }

    @Test
    void forgettingAKindForgetsTheKindsComputedFromItAndNothingWider() {
        CacheGenerations.Stamp credentials = generations.stamp("acme", CacheGenerations.Kind.CREDENTIALS);
        CacheGenerations.Stamp rows = generations.stamp("acme", CacheGenerations.Kind.ROWS);
        CacheGenerations.Stamp decisions = generations.stamp("acme", CacheGenerations.Kind.DECISIONS);

        generations.forget("acme", CacheGenerations.Kind.DECISIONS);
        assertThat(generations.current(credentials, "acme")).isTrue();
        assertThat(generations.current(rows, "acme")).isTrue();
        assertThat(generations.current(decisions, "acme")).isFalse();

        decisions = generations.stamp("acme", CacheGenerations.Kind.DECISIONS);
        generations.forget("acme", CacheGenerations.Kind.ROWS);
        assertThat(generations.current(credentials, "acme")).isTrue();
        assertThat(generations.current(rows, "acme")).isFalse();
        assertThat(generations.current(decisions, "acme")).isFalse();

        rows = generations.stamp("acme", CacheGenerations.Kind.ROWS);
        decisions = generations.stamp("acme", CacheGenerations.Kind.DECISIONS);
        generations.forgetTenant("acme");
        assertThat(generations.current(credentials, "acme")).isFalse();
        assertThat(generations.current(rows, "acme")).isFalse();
        assertThat(generations.current(decisions, "acme")).isFalse();
    }

    @Test
    void anotherTenantsForgettingOrALostFeedLeaveNoDoubt() {
        CacheGenerations.Stamp credentials = generations.stamp("acme", CacheGenerations.Kind.CREDENTIALS);
        generations.forgetTenant("globex");
        assertThat(generations.current(credentials, "acme")).isTrue();

        generations.trusted(false);
        assertThat(generations.current(credentials, "acme")).isFalse();
        generations.trusted(true);
        assertThat(generations.current(credentials, "acme")).as("forgotten when the feed was lost").isFalse();
    }

    @Test
    void forgettingAKindForEveryTenantLeavesTheWiderKindsOfEveryTenant() {
        CacheGenerations.Stamp credentials = generations.stamp("acme", CacheGenerations.Kind.CREDENTIALS);
        CacheGenerations.Stamp rows = generations.stamp("globex", CacheGenerations.Kind.ROWS);
        CacheGenerations.Stamp decisions = generations.stamp("acme", CacheGenerations.Kind.DECISIONS);
        CacheGenerations.Stamp otherDecisions = generations.stamp("globex", CacheGenerations.Kind.DECISIONS);
        long vendor = generations.all();

        // A ring opened somewhere: every decision is made again, no token or row is read again.
        generations.forgetEveryTenant(CacheGenerations.Kind.DECISIONS);
        assertThat(generations.current(credentials, "acme")).isTrue();
        assertThat(generations.current(rows, "globex")).isTrue();
        assertThat(generations.current(decisions, "acme")).isFalse();
        assertThat(generations.current(otherDecisions, "globex")).isFalse();
        assertThat(generations.all()).as("the vendor's facts go too").isNotEqualTo(vendor);

        generations.forgetAll();
        assertThat(generations.current(credentials, "acme")).isFalse();
        assertThat(generations.current(rows, "globex")).isFalse();
    }
}
