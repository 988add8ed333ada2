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
 * Runs a rehearsal for a vendor: checks the request, reads a snapshot of the product's fleet through the windows'
 * own reader ({@link FleetReader}), plays it ({@link Rehearsal}) and audits the request with the verdict. Nothing
 * else is written: the rollout, its windows, offers and events exist only in the rehearsal's memory.
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

    /** The largest fleet (after scaling) played synchronously in a request. */
    @ConfigProperty(name = "ringmaster.rehearsal.max-devices", defaultValue = "1000")
    int maxDevices;

    private record Plan(String name, String salt, List<RingPlanResource.RingSpec> rings) {
    }

    public RehearsalResult run(RehearsalRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>(RehearsalRules.check(request));
        if (request.rings() != null) {
            errors.addAll(RingPlanRules.check(false, request.rings()));
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
                RingPlanRules.steps(read.plan().rings()), RingPlanRules.ladder(read.plan().rings()), start,
                RehearsalRules.horizon(request), RehearsalRules.pollInterval(request),
                request.seed() == null ? RehearsalRules.DEFAULT_SEED : request.seed(),
                RehearsalRules.installDuration(request), deviceSettings.poll().recheck(), deviceSettings.installingTimeout(),
                blastRadiusPerHour, request.approveManualRings() == null || request.approveManualRings(),
                RehearsalRules.failures(request));
        RehearsalResult result = Rehearsal.run(scenario, read.fleet().scaled(RehearsalRules.scale(request)));
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("request", request);
        audited.put("verdict", result.summary());
        QuarkusTransaction.requiringNew().run(() -> audit.record(null, "rehearsal.run", "product", read.product().key,
                null, audited));
        return result;
    }

    /** The stored plan named, the draft given, or the product's default plan; a draft takes the default's salt. */
    private Plan plan(RehearsalRequest request) {
        if (request.plan() != null) {
            RingPlanResource.PlanView view = plans.get(request.product(), request.plan());
            return new Plan(view.name(), view.salt(), view.rings());
        }
        RingPlanResource.PlanView byDefault = plans.list(request.product()).stream()
                .filter(RingPlanResource.PlanView::isDefault).findFirst().orElse(null);
        if (request.rings() != null) {
            // Without a stored plan there is no salt to share; any fixed one gives stable rings.
            return new Plan(DRAFT, byDefault == null ? "rehearsal" : byDefault.salt(), request.rings());
        }
        if (byDefault == null) {
            throw new UnprocessableException("plan", "product '" + request.product()
                    + "' has no ring plan: name one or give rings");
        }
        return new Plan(byDefault.name(), byDefault.salt(), byDefault.rings());
    }

    private FleetSnapshot snapshot(Product product, Instant now) {
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            FleetReader reader = new FleetReader(connection);
            ProductFacts facts = reader.product(product.id, now).orElseThrow();
            Map<String, TenantFacts> tenants = reader.tenants(facts, null, now);
            Map<String, PilotGateRule> gates = reader.pilotGates(product.id, null);
            Map<UUID, String> installed = reader.installedVersions(product.id);
            List<FleetSnapshot.Device> devices = new ArrayList<>();
            Map<String, Long> counts = new HashMap<>();
            reader.devices(null, null, device -> {
                counts.merge(device.tenantId(), 1L, Long::sum);
                String version = installed.get(device.device().id());
                if (version != null) {
                    devices.add(new FleetSnapshot.Device(device.tenantId(), device.device(), version));
                }
            });
            return new FleetSnapshot(facts, tenants, gates, counts, devices);
        });
    }
}
