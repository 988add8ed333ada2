package dev.ringmaster.device.offer;

import dev.ringmaster.tenancy.DeviceEnrolled;
import dev.ringmaster.tenancy.TenantDevicesChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many active devices a tenant has: what its concurrency cap is a share of. Counting them is a scan of the
 * tenant's devices, which a batch of fresh offers in a tenant of 100,000 devices paid for every batch.
 *
 * <p>Holds one count per tenant that made a capped fresh offer on this replica, with the time it was counted;
 * as many entries as such tenants. It forgets a tenant's count when a device of the tenant enrolls, retires or
 * changes here, and counts again when the count is older than {@link #MAX_AGE} (or the clock went back). So the
 * only stale count is one changed on another replica within the last minute: the cap then stands on the fleet
 * as it was up to a minute ago, a device's share late. The installing devices, the other side of the cap, are
 * counted afresh under the offer locks for every batch, so no more devices install at once than the cap says.
 */
@ApplicationScoped
public class FleetSizes {

    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private record Counted(long devices, Instant at) {
    }

    private final Map<String, Counted> counts = new ConcurrentHashMap<>();

    /** Moves on every forget, so a count read before a change is not kept after it. */
    private final AtomicLong forgets = new AtomicLong();

    @Inject
    OfferStore store;

    /** The tenant's active devices, counted in the caller's transaction when the count kept is missing or old. */
    long of(String tenantId, Instant now) {
        Counted counted = counts.get(tenantId);
        if (counted == null || counted.at().isBefore(now.minus(MAX_AGE)) || counted.at().isAfter(now)) {
            long before = forgets.get();
            counted = new Counted(store.activeDevices(tenantId), now);
            if (forgets.get() == before) {
                counts.put(tenantId, counted);
            }
        }
        return counted.devices();
    }

    void enrolled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEnrolled enrolled) {
        forget(enrolled.tenantId());
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantDevicesChanged changed) {
        forget(changed.tenantId());
    }

    private void forget(String tenantId) {
        forgets.incrementAndGet();
        counts.remove(tenantId);
    }
}
