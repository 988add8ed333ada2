package dev.ringmaster.rehearsal;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Product;
import dev.ringmaster.release.Products;
import dev.ringmaster.rollout.RingPlanResource;
import dev.ringmaster.rollout.RingPlanRules;
import dev.ringmaster.rollout.RingPlans;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.schedule.store.FleetReader;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import dev.ringmaster.tenancy.DeviceAttributes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prepares a rehearsal for a vendor: checks the request, reads a snapshot of the product's fleet through the windows'
 * own reader ({@link FleetReader}) and audits the request; {@link RehearsalRuns} plays it ({@link Rehearsal}) in the
 * background. Nothing else is written: the rollout, its windows, offers and events exist only in the rehearsal's
 * memory.
 */
@ApplicationScoped
public class Rehearsals {

    /** The name a draft plan has in the result. */
    static final String DRAFT = "draft";

    @Inject
    Products products;

    @Inject
    RingPlans plans;

    @Inject
    AuditLog audit;

    @Inject
    DeviceApiSettings deviceSettings;

    @Inject
    Clock clock;

    @ConfigProperty(name = "ringmaster.blast-radius.devices-per-hour", defaultValue = "1000")
    int blastRadiusPerHour;

    /** The largest fleet (after scaling) one rehearsal plays. */
    @ConfigProperty(name = "ringmaster.rehearsal.max-devices", defaultValue = "1000000")
    int maxDevices;

    /** @param internalRing the stored plan's internal ring; null when it has none (a draft never has) */
    private record Plan(String name, String salt, List<RingPlanResource.RingSpec> rings,
                        RingPlanResource.InternalRingSpec internalRing, RingPlanResource.CohortSpec cohorts) {
    }

    /** A checked request with the fleet read: all that is left is to play it (in the background). */
    public record Prepared(RehearsalRequest request, Scenario scenario, FleetSnapshot fleet) {
    }

    /**
     * Checks the request, reads the fleet and audits the request: everything a client must hear about at once
     * (422, 404) is decided here, within the request; the playing is left to {@link #play}.
     */
    public Prepared prepare(RehearsalRequest request, UUID runId) {
        List<Problem.FieldError> errors = new ArrayList<>(RehearsalRules.check(request));
        if (request.rings() != null) {
            errors.addAll(RingPlanRules.check(false, request.rings()));
            errors.addAll(RingPlanRules.checkCohorts(request.cohorts()));
        } else if (request.cohorts() != null) {
            errors.add(new Problem.FieldError("cohorts", "give rings with them: a stored plan has cohort settings of its own"));
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant start = request.start() == null ? now : request.start();
        record Read(Product product, Plan plan, FleetSnapshot fleet) {
        }
        Read read = QuarkusTransaction.requiringNew().call(() -> {
            Product product = products.require(request.product());
            Plan plan = plan(request);
            FleetSnapshot fleet = snapshot(product, now);
            return new Read(product, plan, fleet);
        });
        long devices = (long) read.fleet().devices().size() * RehearsalRules.scale(request);
        if (devices > maxDevices) {
            throw new UnprocessableException("scale", "the fleet would be " + devices + " devices; a rehearsal plays at most "
                    + maxDevices);
        }
        Scenario scenario = new Scenario(read.product().key, request.version(), read.plan().name(), read.plan().salt(),
                RingPlanRules.steps(read.plan().internalRing(), read.plan().rings()),
                RingPlanRules.ladder(read.plan().rings()), start,
                RehearsalRules.horizon(request), RehearsalRules.pollInterval(request),
                request.seed() == null ? RehearsalRules.DEFAULT_SEED : request.seed(),
                RehearsalRules.installDuration(request), deviceSettings.poll().recheck(), deviceSettings.installingTimeout(),
                blastRadiusPerHour, request.approveManualRings() == null || request.approveManualRings(),
                RehearsalRules.failures(request), RingPlanRules.cohorts(read.plan().cohorts()),
                Boolean.TRUE.equals(request.acceptUncovered()), read.plan().internalRing() != null);
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("run", runId);
        audited.put("request", request);
        QuarkusTransaction.requiringNew().run(() -> audit.record(null, "rehearsal.run", "product", read.product().key,
                null, audited));
        return new Prepared(request, scenario, read.fleet().scaled(RehearsalRules.scale(request)));
    }

    /** Plays a prepared rehearsal: memory and CPU only, nothing read or written. */
    public static RehearsalResult play(Prepared prepared, Rehearsal.Progress progress) {
        return Rehearsal.run(prepared.scenario(), prepared.fleet(), progress);
    }

    /** The stored plan named, the draft given, or the product's default plan; a draft takes the default's salt. */
    private Plan plan(RehearsalRequest request) {
        if (request.plan() != null) {
            RingPlanResource.PlanView view = plans.get(request.product(), request.plan());
            return new Plan(view.name(), view.salt(), view.rings(), view.internalRing(), view.cohorts());
        }
        RingPlanResource.PlanView byDefault = plans.list(request.product()).stream()
                .filter(RingPlanResource.PlanView::isDefault).findFirst().orElse(null);
        if (request.rings() != null) {
            // Without a stored plan there is no salt to share; any fixed one gives stable rings.
            return new Plan(DRAFT, byDefault == null ? "rehearsal" : byDefault.salt(), request.rings(), null, request.cohorts());
        }
        if (byDefault == null) {
            throw new UnprocessableException("plan", "product '" + request.product()
                    + "' has no ring plan: name one or give rings");
        }
        return new Plan(byDefault.name(), byDefault.salt(), byDefault.rings(), byDefault.internalRing(), byDefault.cohorts());
    }

    private FleetSnapshot snapshot(Product product, Instant now) {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            FleetReader reader = new FleetReader(connection);
            ProductFacts facts = reader.product(product.id, now).orElseThrow();
            Map<String, TenantFacts> tenants = reader.tenants(facts, null, now);
            Map<String, PilotGateRule> gates = reader.pilotGates(product.id, null);
            Map<UUID, String> installed = reader.installedVersions(product.id);
            Map<UUID, DeviceAttributes> attributes = attributes(connection, product.id);
            List<FleetSnapshot.Device> devices = new ArrayList<>();
            Map<String, Long> counts = new HashMap<>();
            reader.devices(null, null, device -> {
                counts.merge(device.tenantId(), 1L, Long::sum);
                String version = installed.get(device.device().id());
                if (version != null) {
                    devices.add(new FleetSnapshot.Device(device.tenantId(), device.device(), version,
                            attributes.getOrDefault(device.device().id(), DeviceAttributes.NONE)));
                }
            });
            return new FleetSnapshot(facts, tenants, gates, counts, devices);
        });
    }

    /** The attributes of the active devices that run the product, for the failure model's attribute selectors. */
    private static Map<UUID, DeviceAttributes> attributes(Connection connection, UUID productId) throws SQLException {
        Map<UUID, Map<String, String>> pairs = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT d.id, a.key, a.value
                  FROM device_installed_versions v
                  JOIN devices d ON d.id = v.device_id AND d.status = 'active'
                  CROSS JOIN LATERAL jsonb_each_text(d.attributes) a
                 WHERE v.product_id = ?""")) {
            statement.setObject(1, productId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pairs.computeIfAbsent(rows.getObject(1, UUID.class), id -> new HashMap<>())
                            .put(rows.getString(2), rows.getString(3));
                }
            }
        }
        Map<UUID, DeviceAttributes> attributes = new HashMap<>();
        pairs.forEach((id, values) -> attributes.put(id, new DeviceAttributes(values)));
        return attributes;
    }
}
