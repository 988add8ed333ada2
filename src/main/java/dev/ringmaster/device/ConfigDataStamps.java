package dev.ringmaster.device;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Whether a DDI poll links {@code configData}: the three instants {@link ConfigDataWanted} decides from, per
 * polling device, so that a DDI poll whose answer did not change reads nothing from the database, as a native
 * check-in does not.
 *
 * <p>Holds, per device that polled over DDI: when it last sent its attributes, when an operator last asked for
 * them, when it last finished an update. At most {@link #MAX_DEVICES} devices ({@link DeviceEntries} empties
 * itself past that). Forgotten per device when any of the three changes on any replica: the change feed names
 * the device when its {@code config_data_at} or {@code config_data_requested_at} is written (V27) and when one of
 * its actions closes (V9), and this replica forgets it directly in the writing transaction (attributes sent,
 * attributes asked for, an action's result reported), so its own next poll sees its own commit. Forgotten with
 * the tenant's rows ({@link CacheGenerations.Kind#ROWS}) and whenever the change feed is not trusted.
 *
 * <p>Stale: on another replica, between the writer's commit and the notification's arrival (milliseconds); a
 * poll then links {@code configData} once too often or one poll late, which no agent notices.
 */
@ApplicationScoped
public class ConfigDataStamps {

    private static final int MAX_DEVICES = 1_000_000;

    @Inject
    CacheGenerations generations;

    @Inject
    MeterRegistry registry;

    private DeviceEntries<ConfigDataWanted> entries;

    @PostConstruct
    void start() {
        entries = new DeviceEntries<>(generations, MAX_DEVICES);
        registry.gauge("ringmaster.device.config-data.cached", entries, DeviceEntries::size);
    }

    /** The device's instants from memory, or through {@code read} when they are not known (or no longer). */
    public ConfigDataWanted of(String tenantId, UUID deviceId, Supplier<ConfigDataWanted> read) {
        ConfigDataWanted known = entries.current(deviceId);
        return known != null ? known : entries.load(deviceId, tenantId, CacheGenerations.Kind.ROWS, read);
    }

    /** The device's instants if they are known from memory: for answers that must not wait on the database. */
    public Optional<ConfigDataWanted> known(UUID deviceId) {
        return Optional.ofNullable(entries.current(deviceId));
    }

    /** One of the device's instants changed (or may have): its next poll reads them. */
    public void forget(UUID deviceId) {
        entries.forget(deviceId);
    }
}
