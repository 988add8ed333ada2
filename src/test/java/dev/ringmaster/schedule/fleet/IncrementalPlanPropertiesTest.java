package dev.ringmaster.schedule.fleet;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;
import dev.ringmaster.rollout.ring.RingLadder;
import dev.ringmaster.schedule.ReleaseFacts;
import dev.ringmaster.schedule.RingSchedule;
import dev.ringmaster.schedule.TenantPolicy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental recomputation equals full recomputation, at the plain-Java level: after any change to some devices
 * (new zone, new device, retired device), replanning only those devices on top of the previous full answer gives
 * exactly the full answer for the new fleet. This is what lets the service recompute only the devices a change
 * touched. Fleets, policies and rollouts are generated from a seed.
 */
class IncrementalPlanPropertiesTest {

    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo",
            "Australia/Lord_Howe", "America/St_Johns", "UTC");
    private static final Instant NOW = Instant.parse("2027-03-26T12:00:00Z");

    @Property(tries = 200)
    void replanningChangedDevicesEqualsReplanningAll(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size,
            @ForAll @IntRange(min = 1, max = 10) int changes) {
        Random random = new Random(seed);
        ProductFacts product = product(random);
        Map<UUID, DeviceInput> fleet = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            DeviceInput device = device(random, i);
            fleet.put(device.id(), device);
        }
        Set<UUID> pilots = new HashSet<>();
        fleet.keySet().stream().filter(id -> random.nextInt(5) == 0).forEach(pilots::add);
        TenantFacts tenant = tenant(random, pilots);
        Map<UUID, DeviceWindow> before = planAll(product, tenant, fleet.values());

        Map<UUID, DeviceInput> changedFleet = new LinkedHashMap<>(fleet);
        Set<UUID> touched = new HashSet<>();
        List<UUID> ids = new ArrayList<>(fleet.keySet());
        for (int i = 0; i < changes; i++) {
            switch (random.nextInt(3)) {
                case 0 -> { // the device reports another zone
                    UUID id = ids.get(random.nextInt(ids.size()));
                    changedFleet.put(id, new DeviceInput(id, "d-" + id, zone(random)));
                    touched.add(id);
                }
                case 1 -> { // a new device enrols
                    DeviceInput device = device(random, size + i);
                    changedFleet.put(device.id(), device);
                    touched.add(device.id());
                }
                default -> { // a device is retired
                    UUID id = ids.get(random.nextInt(ids.size()));
                    changedFleet.remove(id);
                    touched.add(id);
                }
            }
        }

        Map<UUID, DeviceWindow> incremental = new HashMap<>(before);
        touched.forEach(incremental::remove);
        incremental.putAll(planAll(product, tenant, touched.stream().filter(changedFleet::containsKey).map(changedFleet::get).toList()));
        Map<UUID, DeviceWindow> full = planAll(product, tenant, changedFleet.values());

        assertThat(incremental).isEqualTo(full);
    }

    private static Map<UUID, DeviceWindow> planAll(ProductFacts product, TenantFacts tenant, Iterable<DeviceInput> devices) {
        Map<UUID, DeviceWindow> windows = new HashMap<>();
        TenantPlan.of(product, tenant, NOW).ifPresent(plan -> devices.forEach(device -> windows.put(device.id(), plan.window(device))));
        return windows;
    }

    private static ProductFacts product(Random random) {
        List<BigDecimal> shares = List.of(new BigDecimal("0.05"), new BigDecimal("0.3"), BigDecimal.ONE);
        RingSchedule schedule = RingSchedule.none().withOpened(0, NOW.minus(Duration.ofHours(random.nextInt(200))));
        if (random.nextBoolean()) {
            schedule = schedule.withOpened(1, NOW.minus(Duration.ofHours(random.nextInt(48))));
        }
        if (random.nextBoolean()) {
            schedule = schedule.withForecast(2, NOW.plus(Duration.ofHours(random.nextInt(96))));
        }
        UUID release = new UUID(random.nextLong(), random.nextLong());
        return new ProductFacts(UUID.randomUUID(), "agent", List.of(new ReleaseCandidate(release,
                new ReleaseFacts("2.0.0", false, NOW.minus(Duration.ofDays(10))),
                new RolloutFacts(UUID.randomUUID(), "salt-" + random.nextInt(3), new RingLadder(shares), schedule))));
    }

    private static TenantFacts tenant(Random random, Set<UUID> pilots) {
        List<WeeklyWindow> windows = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            days.add(DayOfWeek.of(1 + random.nextInt(7)));
            windows.add(new WeeklyWindow(days, LocalTime.of(random.nextInt(24), random.nextBoolean() ? 0 : 30),
                    Duration.ofMinutes(30 + random.nextInt(600)), random.nextInt(4) == 0 ? zone(random).getId() : null));
        }
        List<Freeze> freezes = random.nextBoolean() ? List.of() : List.of(new Freeze(
                OffsetDateTime.ofInstant(NOW.plus(Duration.ofDays(random.nextInt(5))), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(NOW.plus(Duration.ofDays(5 + random.nextInt(5))), ZoneOffset.UTC), "freeze"));
        PolicyMode mode = random.nextInt(4) == 0 ? PolicyMode.APPROVAL : PolicyMode.AUTOMATIC;
        TenantPolicy policy = new TenantPolicy(mode, null, null, Duration.ofHours(random.nextInt(72)),
                Duration.ofHours(random.nextInt(4)), windows, freezes, random.nextInt(10) == 0, ZoneId.of("Europe/Berlin"));
        return new TenantFacts("t", policy, pilots, Map.of(), Map.of(), new BigDecimal(random.nextBoolean() ? "0.25" : "1"));
    }

    private static DeviceInput device(Random random, int index) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        return new DeviceInput(id, "d-" + id, random.nextInt(4) == 0 ? null : zone(random));
    }

    private static ZoneId zone(Random random) {
        return ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
    }
}
