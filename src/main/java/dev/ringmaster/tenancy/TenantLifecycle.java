package dev.ringmaster.tenancy;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The vendor creates, renames, suspends and resumes tenants. Creating one provisions its Keycloak
 * Organization and first admin before the tenant row is written; if anything fails the Organization is
 * removed again, so Ringmaster and Keycloak do not disagree about which tenants exist.
 */
@ApplicationScoped
public class TenantLifecycle {

    private static final Logger LOG = Logger.getLogger(TenantLifecycle.class);

    public record Created(Tenant tenant, KeycloakDirectory.CreatedUser admin) {
    }

    @Inject
    KeycloakDirectory directory;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<TenantDevicesChanged> devicesChanged;

    public Created create(TenantResource.CreateTenant request) {
        if (QuarkusTransaction.requiringNew().call(() -> Tenant.findOptional(request.id()).isPresent())) {
            throw new ConflictException("a tenant with id '" + request.id() + "' already exists");
        }
        String domain = request.domain() == null ? request.id() + ".tenants.invalid" : request.domain();
        directory.createOrganization(request.id(), request.name(), domain);
        try {
            TenantResource.FirstAdmin admin = request.admin();
            KeycloakDirectory.CreatedUser created = directory.createMember(request.id(), admin.username(), admin.email(),
                    admin.firstName(), admin.lastName(), Role.TENANT_ADMIN);
            Tenant tenant = QuarkusTransaction.requiringNew().call(() -> insert(request, created));
            return new Created(tenant, created);
        } catch (RuntimeException e) {
            try {
                directory.deleteOrganization(request.id());
            } catch (RuntimeException cleanup) {
                LOG.errorf("tenant %s: provisioning failed and its Keycloak organization could not be removed: %s",
                        request.id(), cleanup.getMessage());
            }
            throw e;
        }
    }

    private Tenant insert(TenantResource.CreateTenant request, KeycloakDirectory.CreatedUser admin) {
        Instant now = clock.instant();
        Tenant tenant = new Tenant();
        tenant.id = request.id();
        tenant.name = request.name().strip();
        tenant.timeZone = request.timeZone();
        tenant.status = TenantStatus.active;
        tenant.internal = request.isInternal();
        tenant.createdAt = now;
        tenant.updatedAt = now;
        tenant.persist();
        audit.record(tenant.id, "tenant.create", "tenant", tenant.id, null,
                Map.of("name", tenant.name, "timeZone", tenant.timeZone, "internal", tenant.internal,
                        "firstAdmin", admin.user().username()));
        return tenant;
    }

    @Transactional
    public Tenant change(String id, TenantResource.ChangeTenant request) {
        Tenant tenant = existing(id);
        Map<String, Object> before = state(tenant);
        boolean zoneChanged = request.timeZone() != null && !request.timeZone().equals(tenant.timeZone);
        if (zoneChanged) {
            tenant.timeZone = request.timeZone();
        }
        boolean internalChanged = request.internal() != null && request.internal() != tenant.internal;
        if (internalChanged) {
            tenant.internal = request.internal();
        }
        if (request.name() != null) {
            tenant.name = request.name().strip();
            directory.updateOrganization(tenant.id, tenant.name, tenant.status == TenantStatus.active);
        }
        tenant.updatedAt = clock.instant();
        audit.record(tenant.id, "tenant.change", "tenant", tenant.id, before, state(tenant));
        if (zoneChanged || internalChanged) {
            // Devices without a zone of their own plan their maintenance windows in the tenant's zone; an internal
            // tenant's devices sit in ring 0 of every plan.
            devicesChanged.fire(TenantDevicesChanged.everyDevice(tenant.id));
        }
        return tenant;
    }

    /** A suspended tenant keeps its data; its Organization is disabled in Keycloak. */
    @Transactional
    public Tenant setStatus(String id, TenantStatus status) {
        Tenant tenant = existing(id);
        if (tenant.status == status) {
            return tenant;
        }
        Map<String, Object> before = state(tenant);
        tenant.status = status;
        tenant.updatedAt = clock.instant();
        directory.updateOrganization(tenant.id, tenant.name, status == TenantStatus.active);
        audit.record(tenant.id, status == TenantStatus.active ? "tenant.resume" : "tenant.suspend", "tenant", tenant.id,
                before, state(tenant));
        return tenant;
    }

    private static Tenant existing(String id) {
        return Tenant.findOptional(id).orElseThrow(() -> new NotFoundException("no tenant '" + id + "'"));
    }

    private static Map<String, Object> state(Tenant tenant) {
        return Map.of("name", tenant.name, "timeZone", tenant.timeZone, "status", tenant.status.name(),
                "internal", tenant.internal);
    }
}
