package dev.ringmaster.schedule.store;

import dev.ringmaster.schedule.fleet.DeviceWindow;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.ReleaseCandidate;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.schedule.fleet.TenantPlan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Recomputes stored release windows for one product: every active device of the tenants in scope gets the window
 * of the release it is planned for (its tenant's, or its own: see {@link TenantPlan}), and rows that no longer apply
 * (another release of the product, a retired or deleted device, a device with nothing planned) are deleted. Plain JDBC on the caller's connection and
 * transaction; the caller's row-level security decides which tenants it may touch.
 *
 * <p>The same instant gives the same rows whatever the scope: a scope only limits which rows are rewritten,
 * which is what makes recomputing a few devices equal to recomputing everything.
 */
public final class WindowRecompute {

    /**
     * Which rows to recompute.
     *
     * @param tenantIds null for every tenant
     * @param deviceIds null for every device of those tenants
     */
    public record Scope(UUID productId, Collection<String> tenantIds, Collection<UUID> deviceIds) {

        public static Scope product(UUID productId) {
            return new Scope(productId, null, null);
        }

        public static Scope tenant(UUID productId, String tenantId) {
            return new Scope(productId, List.of(tenantId), null);
        }

        public static Scope devices(UUID productId, String tenantId, Collection<UUID> deviceIds) {
            return new Scope(productId, List.of(tenantId), List.copyOf(deviceIds));
        }
    }

    /**
     * What a recomputation did.
     *
     * @param pilotGateChanges the tenants' pilot gates whose stored outcome this recomputation changed
     */
    public record Result(long devices, long written, long deleted, List<PilotGateOutcomes.Change> pilotGateChanges) {
    }

    private final Connection connection;

    public WindowRecompute(Connection connection) {
        this.connection = connection;
    }

    public Result run(Scope scope, Instant now) throws SQLException {
        FleetReader reader = new FleetReader(connection);
        Optional<ProductFacts> product = reader.product(scope.productId(), now);
        if (product.isEmpty()) {
            return new Result(0, 0, 0, List.of());
        }
        Map<String, TenantFacts> tenants = reader.tenants(product.get(), scope.tenantIds(), now);
        Map<String, TenantPlan> plans = new HashMap<>();
        for (TenantFacts tenant : tenants.values()) {
            TenantPlan.of(product.get(), tenant, now).ifPresent(plan -> plans.put(tenant.tenantId(), plan));
        }
        Map<String, UUID> subjects = new HashMap<>();
        Map<UUID, UUID> exceptions = new HashMap<>();
        plans.forEach((tenant, plan) -> {
            plan.subject().ifPresent(subject -> subjects.put(tenant, subject.releaseId()));
            exceptions.putAll(plan.exceptionReleases());
        });
        StoredRows stored = StoredRows.read(connection, scope.productId(), subjects, exceptions, scope.tenantIds(),
                scope.deviceIds());
        WindowAnswers answers = new WindowAnswers();
        WindowWriter writer = new WindowWriter(connection, now, answers, scope.tenantIds(), scope.deviceIds());
        long[] devices = {0};
        SQLException[] failure = {null};
        // Devices of active tenants with no plan are read too (they are few in practice) so the stream stays one
        // query; with no plan at all, there is nothing to stream for.
        Consumer<FleetReader.TenantDevice> planDevice = device -> {
            TenantPlan plan = plans.get(device.tenantId());
            if (plan == null || failure[0] != null) {
                return;
            }
            DeviceWindow window = plan.window(device.device());
            if (window == null) {
                return; // no release applies to this device: a row it has is stale
            }
            long digest = answers.digest(window);
            devices[0]++;
            StoredRows.Stored before = stored.planned(window.deviceId(), digest);
            if (before == StoredRows.Stored.SAME) {
                return; // the stored row already says this; rewriting it would only lock and compare it
            }
            try {
                writer.add(window, digest, before == StoredRows.Stored.NONE);
            } catch (SQLException e) {
                failure[0] = e;
            }
        };
        if (!plans.isEmpty()) {
            reader.devices(scope.tenantIds(), scope.deviceIds(), planDevice);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        long written = writer.flush();
        long deleted = stored.deleteStale(connection);
        List<PilotGateOutcomes.Change> gates = PilotGateOutcomes.store(connection,
                pilotGates(product.get(), tenants, subjects), now);
        return new Result(devices[0], written, deleted, gates);
    }

    /**
     * Each tenant's pilot gate for the release it is planned for: the one its other devices wait for. Older releases
     * are not judged, so a tenant hears nothing of releases it no longer targets.
     */
    private static List<PilotGateOutcomes.Observed> pilotGates(ProductFacts product, Map<String, TenantFacts> tenants,
            Map<String, UUID> subjects) {
        Map<UUID, String> versions = new HashMap<>();
        product.candidates().forEach(candidate -> versions.put(candidate.releaseId(), candidate.facts().version()));
        List<PilotGateOutcomes.Observed> observed = new ArrayList<>();
        subjects.forEach((tenantId, releaseId) -> tenants.get(tenantId).pilotGateOutcome(releaseId).ifPresent(outcome ->
                observed.add(new PilotGateOutcomes.Observed(tenantId, releaseId, product.productKey(), versions.get(releaseId), outcome))));
        return observed;
    }

    /** Plans for the given tenants without writing anything (previews). */
    public static Map<String, TenantPlan> plans(ProductFacts product, Collection<TenantFacts> tenants, Instant now) {
        Map<String, TenantPlan> plans = new HashMap<>();
        for (TenantFacts tenant : tenants) {
            TenantPlan.of(product, tenant, now).ifPresent(plan -> plans.put(tenant.tenantId(), plan));
        }
        return plans;
    }

    /** Ids of every product, for a full recomputation. */
    public static List<UUID> products(Connection connection) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM products ORDER BY key");
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    static List<ReleaseCandidate> candidates(ProductFacts product) {
        return product.candidates();
    }
}
