package dev.ringmaster.schedule.store;

import dev.ringmaster.policy.PolicyChanged;
import dev.ringmaster.rollout.RolloutChanged;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.tenancy.BackgroundWork;
import dev.ringmaster.tenancy.DeviceEnrolled;
import dev.ringmaster.tenancy.TenantDevicesChanged;
import dev.ringmaster.webhook.PilotGateNotices;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps {@code release_windows} in step with what the windows depend on (see docs/windows.md, "When windows are
 * recomputed").
 *
 * <ul>
 *   <li>Tenant-side changes (policy edit, pause, approval, group membership, device import or retirement) recompute
 *       in the same transaction as the change, limited to that tenant (and to the changed devices where that is
 *       enough). The change and its windows commit together, so a device never sees a window made from a policy
 *       that was rolled back, and the editor's next explain already shows the new answer.</li>
 *   <li>Rollout changes (vendor side, every tenant) recompute shortly after the vendor's transaction commits, on one
 *       background worker, coalesced per product: a ring opening touches up to every device, which must not hold the
 *       vendor's request and its row locks for seconds. The device API checks ring and rollout state itself at
 *       check-in, so the short delay can never let a device install early.</li>
 *   <li>A periodic full recomputation (default every 10 minutes) moves windows that a device missed to the next
 *       occurrence, refreshes forecasts and pilot gates (device reports change those), and catches anything a hook
 *       missed (e.g. devices enrolled through the device API).</li>
 * </ul>
 * Recomputations of one product are serialised across replicas by a PostgreSQL advisory transaction lock, so two of
 * them cannot deadlock on the same rows.
 */
@ApplicationScoped
public class ReleaseWindows {

    private static final Logger LOG = Logger.getLogger(ReleaseWindows.class);

    /** Tenant-side hooks inside {@link #batched} only collect what to recompute; the batch recomputes once. */
    private static final ThreadLocal<Batch> BATCH = new ThreadLocal<>();

    private record Batch(Set<String> tenants, Set<TenantDevices> devices) {
    }

    private record TenantDevices(String tenantId, UUID deviceId) {
    }

    @Inject
    Clock clock;

    @Inject
    PilotGateNotices pilotGateNotices;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "release-window-recompute");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<UUID> queuedProducts = ConcurrentHashMap.newKeySet();
    private final Queue<DeviceEnrolled> enrolledDevices = new ConcurrentLinkedQueue<>();
    private volatile CompletableFuture<Void> lastQueued = CompletableFuture.completedFuture(null);

    // ---------------------------------------------------------------------------------------------------------
    // Hooks for tenant-side changes: same transaction, that tenant only
    // ---------------------------------------------------------------------------------------------------------

    /** A tenant's policy for a product, or its decision on one of the product's releases, changed. */
    @Transactional
    public void policyChanged(String tenantId, UUID productId) {
        Batch batch = BATCH.get();
        if (batch != null) {
            batch.tenants().add(tenantId);
            return;
        }
        recompute(WindowRecompute.Scope.tenant(productId, tenantId), clock.instant());
    }

    /** Something every product's windows of the tenant may depend on changed (a pilot group's members or flag). */
    @Transactional
    public void tenantChanged(String tenantId) {
        Batch batch = BATCH.get();
        if (batch != null) {
            batch.tenants().add(tenantId);
            return;
        }
        Instant now = clock.instant();
        for (UUID product : products()) {
            recompute(WindowRecompute.Scope.tenant(product, tenantId), now);
        }
    }

    /** Devices were created, changed zone, joined or left a group, or were retired. */
    @Transactional
    public void devicesChanged(String tenantId, Collection<UUID> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        Batch batch = BATCH.get();
        if (batch != null) {
            deviceIds.forEach(id -> batch.devices().add(new TenantDevices(tenantId, id)));
            return;
        }
        Instant now = clock.instant();
        for (UUID product : products()) {
            recompute(WindowRecompute.Scope.devices(product, tenantId, deviceIds), now);
        }
    }

    /**
     * Runs {@code work} (which may change many things of a tenant, like a policy import) and recomputes once at the
     * end instead of after every single change.
     */
    @Transactional
    public <T> T batched(Supplier<T> work) {
        if (BATCH.get() != null) {
            return work.get();
        }
        Batch batch = new Batch(new LinkedHashSet<>(), new LinkedHashSet<>());
        BATCH.set(batch);
        T result;
        try {
            result = work.get();
        } finally {
            BATCH.remove();
        }
        Instant now = clock.instant();
        List<UUID> products = products();
        for (String tenant : batch.tenants()) {
            for (UUID product : products) {
                recompute(WindowRecompute.Scope.tenant(product, tenant), now);
            }
        }
        batch.devices().stream().filter(device -> !batch.tenants().contains(device.tenantId()))
                .collect(java.util.stream.Collectors.groupingBy(TenantDevices::tenantId,
                        java.util.stream.Collectors.mapping(TenantDevices::deviceId, java.util.stream.Collectors.toList())))
                .forEach((tenant, ids) -> products.forEach(product ->
                        recompute(WindowRecompute.Scope.devices(product, tenant, ids), now)));
        return result;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Vendor-side changes: shortly after commit, every tenant
    // ---------------------------------------------------------------------------------------------------------

    void onPolicyChanged(@Observes PolicyChanged changed) {
        policyChanged(changed.tenantId(), changed.productId());
    }

    void onDevicesChanged(@Observes TenantDevicesChanged changed) {
        if (changed.deviceIds() == null) {
            tenantChanged(changed.tenantId());
        } else {
            devicesChanged(changed.tenantId(), changed.deviceIds());
        }
    }

    void onRolloutChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RolloutChanged changed) {
        queue(changed.productId());
    }

    /** Recomputes every tenant's windows of the product on the background worker, soon; repeated calls coalesce. */
    public CompletableFuture<Void> queue(UUID productId) {
        if (!queuedProducts.add(productId)) {
            return lastQueued;
        }
        CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
            queuedProducts.remove(productId);
            try {
                BackgroundWork.asSystem(() -> QuarkusTransaction.requiringNew()
                        .run(() -> recompute(WindowRecompute.Scope.product(productId), clock.instant())));
            } catch (RuntimeException e) {
                // The periodic recomputation repairs what this missed; the device API checks ring state itself.
                LOG.errorf(e, "recomputing release windows of product %s failed", productId);
            }
        }, worker);
        lastQueued = task;
        return task;
    }

    void onDeviceEnrolled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEnrolled enrolled) {
        enrolledDevices.add(enrolled);
        worker.execute(this::planEnrolledDevices);
    }

    /**
     * Plans the windows of every device enrolled since the last pass, one recomputation per tenant and product
     * however many enrolled: a burst of enrollments costs a few passes, not one full tenant read each.
     */
    private void planEnrolledDevices() {
        Map<String, Set<UUID>> byTenant = new HashMap<>();
        for (DeviceEnrolled enrolled = enrolledDevices.poll(); enrolled != null; enrolled = enrolledDevices.poll()) {
            byTenant.computeIfAbsent(enrolled.tenantId(), tenant -> new HashSet<>()).add(enrolled.deviceId());
        }
        byTenant.forEach((tenant, devices) -> {
            try {
                BackgroundWork.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> devicesChanged(tenant, devices)));
            } catch (RuntimeException e) {
                // The periodic recomputation repairs what this missed.
                LOG.errorf(e, "planning the windows of %d enrolled devices of tenant %s failed", devices.size(), tenant);
            }
        });
    }

    /** Waits until the queued recomputations ran (tests, shutdown). */
    public void awaitQueued(long seconds) {
        try {
            CompletableFuture.runAsync(() -> { }, worker).get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("queued window recomputations did not finish in " + seconds + " s", e);
        }
    }

    @Scheduled(every = "${ringmaster.windows.refresh:10m}", delayed = "${ringmaster.windows.refresh-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "release-window-refresh")
    void refreshPeriodically() {
        recomputeEverything(clock.instant());
    }

    /** Recomputes every product for every tenant at {@code now}, one transaction per product (system scope). */
    public void recomputeEverything(Instant now) {
        BackgroundWork.asSystem(() -> {
            for (UUID product : QuarkusTransaction.requiringNew().call(this::products)) {
                QuarkusTransaction.requiringNew().run(() -> recompute(WindowRecompute.Scope.product(product), now));
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Recomputes one scope at {@code now} in the current transaction, with the caller's tenant scope. */
    @Transactional
    public WindowRecompute.Result recompute(WindowRecompute.Scope scope, Instant now) {
        var entityManager = Panache.getEntityManager();
        entityManager.flush(); // the change that triggered this must be visible to the SQL below
        WindowRecompute.Result result = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, LOCK_SPACE);
                lock.setString(2, scope.productId().toString());
                lock.execute();
            }
            return new WindowRecompute(connection).run(scope, now);
        });
        for (PilotGateOutcomes.Change change : result.pilotGateChanges()) {
            if (change.notable()) {
                pilotGateNotices.gateDecided(change.tenantId(), change.releaseId(), change.product(), change.version(),
                        change.to() == PilotGateRule.Outcome.PASSED,
                        change.from() == null ? PilotGateRule.Outcome.PENDING.key() : change.from().key(), now);
            }
        }
        return result; // release_windows is not mapped by Hibernate, so nothing it caches went stale
    }

    /** First key of the advisory locks: "RW" for release windows, so other jobs' locks never collide. */
    private static final int LOCK_SPACE = 0x5257;

    @Transactional
    List<UUID> products() {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(WindowRecompute::products);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
