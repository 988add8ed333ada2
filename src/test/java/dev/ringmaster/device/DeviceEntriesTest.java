package dev.ringmaster.device;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceEntriesTest {

    private static final UUID DEVICE = UUID.randomUUID();

    private final CacheGenerations generations = new CacheGenerations();
    private final DeviceEntries<String> entries = new DeviceEntries<>(generations, 3);

    @BeforeEach
    void trustTheFeed() {
        generations.trusted(true);
    }

    @Test
    void aValueLastsUntilItsTenantOrEverythingIsForgottenOrTheFeedIsDown() {
        put(DEVICE, "rows", "acme");
        UUID other = UUID.randomUUID();
        put(other, "theirs", "globex");

        generations.forgetTenant("globex");
        assertThat(entries.current(DEVICE)).isEqualTo("rows");
        assertThat(entries.current(other)).isNull();

        generations.trusted(false);
        assertThat(entries.current(DEVICE)).isNull();
        generations.trusted(true);
        assertThat(entries.current(DEVICE)).as("emptied when the feed was lost").isNull();
    }

    @Test
    void aValueReadBeforeItsDeviceWasForgottenIsRefusedOneReadAfterIsKept() {
        long before = entries.readStarts();
        entries.forget(DEVICE);
        entries.put(DEVICE, "stale", "acme", generations.stamp("acme", CacheGenerations.Kind.DECISIONS), before);
        assertThat(entries.current(DEVICE)).isNull();

        put(DEVICE, "fresh", "acme");
        assertThat(entries.current(DEVICE)).isEqualTo("fresh");
    }

    @Test
    void aSlowReadFromBeforeAForgettingNeverOverwritesAFreshValue() {
        long slowReadStarts = entries.readStarts();
        entries.forget(DEVICE);
        put(DEVICE, "fresh", "acme");

        // The slow read finishes after a read that began after the forgetting was stored over the mark.
        entries.put(DEVICE, "stale", "acme", generations.stamp("acme", CacheGenerations.Kind.DECISIONS), slowReadStarts);

        assertThat(entries.current(DEVICE)).isEqualTo("fresh");
    }

    @Test
    void droppingTakesOnlyTheValueStillHeld() {
        put(DEVICE, "first", "acme");
        put(DEVICE, "second", "acme");
        entries.drop(DEVICE, "first");
        assertThat(entries.current(DEVICE)).isEqualTo("second");
        entries.drop(DEVICE, "second");
        assertThat(entries.current(DEVICE)).isNull();
    }

    @Test
    void reachingTheBoundEmptiesItAndRefusesWhatWasReadBeforeTheEmptying() {
        long before = entries.readStarts();
        for (int i = 0; i < 3; i++) {
            put(UUID.randomUUID(), "device " + i, "acme");
        }
        // The fourth finds the bound reached: everything goes, itself too, as its read began before the emptying.
        put(DEVICE, "at the bound", "acme");
        assertThat(entries.size()).isZero();
        put(DEVICE, "after the bound", "acme");
        assertThat(entries.current(DEVICE)).isEqualTo("after the bound");

        UUID slow = UUID.randomUUID();
        entries.put(slow, "read before the emptying", "acme", generations.stamp("acme", CacheGenerations.Kind.DECISIONS), before);
        assertThat(entries.current(slow)).isNull();
    }

    private void put(UUID device, String value, String tenant) {
        entries.put(device, value, tenant, generations.stamp(tenant, CacheGenerations.Kind.DECISIONS), entries.readStarts());
    }
}
