package dev.ringmaster.sample;

import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.policy.PilotGroups;
import dev.ringmaster.policy.UpdatePolicy;
import dev.ringmaster.release.Product;
import dev.ringmaster.rollout.RingPlan;
import dev.ringmaster.rollout.RingPlanResource;
import dev.ringmaster.rollout.RingPlans;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.Device;
import dev.ringmaster.tenancy.DeviceGroup;
import dev.ringmaster.tenancy.GroupMembers;
import dev.ringmaster.tenancy.InstalledVersions;
import dev.ringmaster.tenancy.Tenant;
import dev.ringmaster.tenancy.TenantStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Loads a sample folder into the database. Idempotent: rows are found by their natural keys (tenant slug,
 * device id, group name, product key) and brought to what the files say; nothing is created twice and
 * nothing the files do not mention is deleted.
 */
@ApplicationScoped
public class SampleLoader {

    private static final String ACTOR = "sample-loader";

    @Inject
    Clock clock;

    @Inject
    InstalledVersions installedVersions;

    @Inject
    GroupMembers groupMembers;

    @Inject
    RingPlans ringPlans;

    @Inject
    PilotGroups pilotGroups;

    @Inject
    SampleReleases sampleReleases;

    /** Loads as the system, seeing every tenant, whoever asks. */
    public LoadReport load(Path dir) {
        SampleFiles.Folder folder = SampleFiles.read(dir);
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> store(folder)));
    }

    private LoadReport store(SampleFiles.Folder folder) {
        Instant now = clock.instant();
        LoadReport report = loadVendor(folder.vendor(), now);
        Set<String> products = Product.<Product>listAll().stream().map(p -> p.key).collect(Collectors.toSet());
        for (SampleFiles.Named<TenantDocument> named : folder.tenants()) {
            List<String> errors = TenantDocumentValidator.validate(named.document(), products);
            if (!errors.isEmpty()) {
                throw new SampleException(named.file() + ": " + String.join("; ", errors));
            }
            report = report.plus(loadTenant(named.document(), now));
        }
        return report;
    }

    private LoadReport loadVendor(VendorDocument vendor, Instant now) {
        int created = 0;
        for (VendorDocument.ProductEntry entry : vendor.products()) {
            Product product = Product.findByKey(entry.key()).orElse(null);
            if (product == null) {
                product = new Product();
                product.id = UUID.randomUUID();
                product.key = entry.key();
                product.createdAt = now;
                created++;
            }
            product.name = entry.name();
            product.description = entry.description();
            product.persist();
            if (entry.ringPlan() != null && RingPlan.find(product, entry.ringPlan().name()).isEmpty()) {
                createDefaultPlan(product, entry.ringPlan());
                created++;
            }
            created += sampleReleases.load(product, entry.releasesOrNone(), now);
        }
        return new LoadReport(vendor.products().size(), 0, 0, 0, 0, created);
    }

    /**
     * A plan is created once, through the same rules as the vendor API, and then belongs to the vendor: later
     * edits are not overwritten by the sample.
     */
    private void createDefaultPlan(Product product, VendorDocument.RingPlanEntry entry) {
        List<RingPlanResource.RingSpec> rings = entry.rings().stream()
                .map(ring -> new RingPlanResource.RingSpec(ring.name(), ring.share(), ring.minSoak(),
                        new RingPlanResource.GateSpec(ring.gate().minFinished(), ring.gate().minFinishedShare(),
                                ring.gate().maxFailureRate(), ring.gate().silenceTimeout()),
                        ring.manualApproval()))
                .toList();
        try {
            ringPlans.createWithSalt(product.key, new RingPlanResource.CreatePlan(entry.name(), false, rings), entry.salt());
        } catch (UnprocessableException e) {
            throw new SampleException(SampleFiles.VENDOR_FILE + ": ring plan " + entry.name() + " of " + product.key + ": "
                    + e.errors().stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; ")));
        }
    }

    private LoadReport loadTenant(TenantDocument document, Instant now) {
        int created = 0;
        Tenant tenant = Tenant.findOptional(document.tenant().slug()).orElse(null);
        if (tenant == null) {
            tenant = new Tenant();
            tenant.id = document.tenant().slug();
            tenant.status = TenantStatus.active;
            tenant.createdAt = now;
            created++;
        }
        tenant.name = document.tenant().name();
        tenant.timeZone = document.tenant().timeZone();
        tenant.internal = document.tenant().isInternal();
        tenant.updatedAt = now;
        tenant.persist();

        Map<String, Device> devices = new HashMap<>();
        for (TenantDocument.DeviceEntry entry : document.devices()) {
            Device device = Device.find(tenant.id, entry.id()).orElse(null);
            if (device == null) {
                device = new Device();
                device.id = UUID.randomUUID();
                device.tenantId = tenant.id;
                device.externalId = entry.id();
                device.createdAt = now;
                created++;
            }
            device.name = entry.name() == null ? entry.id() : entry.name();
            device.timeZone = entry.timeZone();
            device.attributes = entry.attributes() == null ? new HashMap<>() : new HashMap<>(entry.attributes());
            device.updatedAt = now;
            device.persist();
            devices.put(entry.id(), device);
            if (entry.installed() != null) {
                for (Map.Entry<String, String> installed : entry.installed().entrySet()) {
                    installedVersions.record(device, Product.findByKey(installed.getKey()).orElseThrow(), installed.getValue(), now);
                }
            }
        }

        Map<String, DeviceGroup> groups = new HashMap<>();
        for (TenantDocument.GroupEntry entry : document.groups()) {
            DeviceGroup group = DeviceGroup.find(tenant.id, entry.name()).orElse(null);
            if (group == null) {
                group = new DeviceGroup();
                group.id = UUID.randomUUID();
                group.tenantId = tenant.id;
                group.name = entry.name();
                group.createdAt = now;
                created++;
            }
            group.description = entry.description();
            group.pilot = entry.pilot();
            group.updatedAt = now;
            group.persist();
            groups.put(entry.name(), group);
            List<String> members = entry.devices() == null ? List.of() : entry.devices();
            groupMembers.add(group, members.stream().map(id -> devices.get(id).id).toList());
        }

        for (TenantDocument.PolicyEntry entry : document.policies()) {
            created += loadPolicy(tenant, entry, groups, now);
        }
        return new LoadReport(0, 1, document.devices().size(), document.groups().size(), document.policies().size(), created);
    }

    private int loadPolicy(Tenant tenant, TenantDocument.PolicyEntry entry, Map<String, DeviceGroup> groups, Instant now) {
        Product product = Product.findByKey(entry.product()).orElseThrow();
        UpdatePolicy policy = UpdatePolicy.find(tenant.id, product).orElse(null);
        int created = 0;
        if (policy == null) {
            policy = new UpdatePolicy();
            policy.id = UUID.randomUUID();
            policy.tenantId = tenant.id;
            policy.product = product;
            created = 1;
        }
        entry.document().applyTo(policy);
        policy.updatedBy = ACTOR;
        policy.updatedAt = now;
        policy.persistAndFlush();
        pilotGroups.replace(policy, entry.document().pilotGroups().stream().map(name -> groups.get(name).id).toList());
        return created;
    }
}
