package dev.ringmaster.device;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.device.checkin.CheckInRequest;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Product;
import dev.ringmaster.tenancy.AttributeChanges;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.DeviceAttributes;
import dev.ringmaster.tenancy.Device;
import dev.ringmaster.tenancy.DeviceEnrolled;
import dev.ringmaster.tenancy.DeviceStatus;
import dev.ringmaster.tenancy.EnrollmentKey;
import dev.ringmaster.tenancy.InstalledVersions;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.postgresql.util.PSQLException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A device trades its tenant's enrollment key for a token of its own. The key must cover the device id (its
 * patterns, if it has any). Enrolling an enrolled device id again replaces the token, which kills the old one at
 * once, and needs {@link EnrollmentProof proof}: the device's current token, or a tenant admin's re-provisioning.
 */
@ApplicationScoped
public class DeviceEnrollment {

    static final String TOKEN_PREFIX = "rmd_";

    public record SelfView(UUID id, String deviceId, String tenant, String name, String timeZone,
                           Map<String, String> installed) {
    }

    @Inject
    AuditLog audit;

    @Inject
    KeyUses uses;

    @Inject
    InstalledVersions installedVersions;

    @Inject
    Clock clock;

    @Inject
    Event<DeviceEnrolled> enrollments;

    @Inject
    AttributeChanges attributeChanges;

    @Inject
    NewDevices newDevices;

    /** @param presentedTokenHash the hash of the device token the request carried, if it carried one */
    public EnrollmentResource.Enrolled enroll(EnrollmentResource.EnrollRequest request, Optional<String> presentedTokenHash) {
        // Checked before a use of the key is taken: bad attributes change nothing.
        DeviceAttributes attributes = request.attributes() == null ? null : DeviceAttributes.parse("attributes", request.attributes());
        String keyHash = Secrets.hash(request.enrollmentKey().strip());
        // The use is taken first, with other enrollments' (KeyUses), and given back if the enrollment fails; a crash
        // in between loses a use, never grants one.
        String tenantId = uses.take(keyHash).orElseThrow(DeviceEnrollment::refused);
        try {
            if (presentedTokenHash.isEmpty()) {
                // Most enrollments are of new devices, which arrive in bursts: those are written together.
                Optional<EnrollmentResource.Enrolled> enrolled = newDevices.enroll(tenantId, keyHash, request, attributes);
                if (enrolled.isPresent()) {
                    return enrolled.get();
                }
            }
            return BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() ->
                    enrollInTenant(tenantId, keyHash, request, attributes, presentedTokenHash)));
        } catch (RuntimeException e) {
            BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> EnrollmentKey.giveBackUse(keyHash)));
            if (enrolledMeanwhile(e)) {
                // Two requests for one new id at the same moment: the other one's device exists now.
                throw enrolledAlready(request.deviceId());
            }
            throw e;
        }
    }

    /** The device id was enrolled by a request that committed while this one wrote it. */
    private static boolean enrolledMeanwhile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException sql && sql.getServerErrorMessage() != null
                    && "devices_tenant_id_external_id_key".equals(sql.getServerErrorMessage().getConstraint())) {
                return true;
            }
        }
        return false;
    }

    private static ConflictException enrolledAlready(String deviceId) {
        return new ConflictException("device " + deviceId + " is enrolled already: enrolling it again needs its"
                + " current token (Authorization: TargetToken) or a tenant admin's re-provisioning of the device");
    }

    private EnrollmentResource.Enrolled enrollInTenant(String tenantId, String keyHash, EnrollmentResource.EnrollRequest request,
                                                       DeviceAttributes attributes, Optional<String> presentedTokenHash) {
        Instant now = clock.instant();
        usableKey(keyHash, request.deviceId());
        Map<Product, String> installed = products(request.installed());
        Device device = Device.find(tenantId, request.deviceId()).orElse(null);
        boolean known = device != null;
        if (known && device.status == DeviceStatus.retired) {
            throw new ConflictException("device " + request.deviceId() + " is retired and cannot enroll again");
        }
        EnrollmentProof proof = known ? EnrollmentProof.of(device.tokenHash, presentedTokenHash, device.reprovisionUntil, now)
                : EnrollmentProof.UNCLAIMED;
        if (proof == EnrollmentProof.NONE) {
            throw enrolledAlready(request.deviceId());
        }
        if (!known) {
            NewDevice created = newDevice(tenantId, request, attributes, now);
            created.device().persist();
            return enrolled(created, installed, now);
        }
        if (request.timeZone() != null) {
            device.timeZone = request.timeZone();
        }
        String token = Secrets.generate(TOKEN_PREFIX);
        device.tokenHash = Secrets.hash(token);
        device.reprovisionUntil = null;
        device.enrolledAt = now;
        device.updatedAt = now;
        device.persist();
        if (attributes != null) {
            // What a device enrolls with is all it says about itself: it replaces what was stored.
            attributeChanges.apply(device, attributes, AttributeChanges.Mode.REPLACE, "enrollment", "attributes");
        }
        Device enrolled = device;
        installed.forEach((product, version) -> installedVersions.record(enrolled, product, version, now));
        enrollments.fire(new DeviceEnrolled(tenantId, device.id, true));
        audit.record(tenantId, "device.re-enroll", "device", device.id, null,
                Map.of("deviceId", device.externalId, "name", device.name, "proof", proof.auditName()));
        return new EnrollmentResource.Enrolled(device.id, device.externalId, tenantId, token);
    }

    /**
     * The key taken, as read in this transaction: one revoked since the use was taken is refused before anything
     * about the device is said, and it must cover the device id.
     */
    static void usableKey(String keyHash, String deviceId) {
        checkCovers(readUsableKey(keyHash), deviceId);
    }

    static EnrollmentKey readUsableKey(String keyHash) {
        return EnrollmentKey.<EnrollmentKey>find("keyHash", keyHash).firstResultOptional()
                .filter(taken -> taken.revokedAt == null).orElseThrow(DeviceEnrollment::refused);
    }

    static void checkCovers(EnrollmentKey key, String deviceId) {
        if (!key.scope().covers(deviceId)) {
            throw new ForbiddenException("this enrollment key does not enroll the device id " + deviceId);
        }
    }

    /** A device enrolling for the first time, not yet persisted, with the token it is about to be given. */
    record NewDevice(Device device, String token) {
    }

    static NewDevice newDevice(String tenantId, EnrollmentResource.EnrollRequest request, DeviceAttributes attributes, Instant now) {
        Device device = new Device();
        device.id = UUID.randomUUID();
        device.tenantId = tenantId;
        device.externalId = request.deviceId();
        device.name = request.name() == null || request.name().isBlank() ? request.deviceId() : request.name().strip();
        device.createdAt = now;
        device.timeZone = request.timeZone();
        if (attributes != null) {
            device.attributes = new HashMap<>(attributes.values());
        }
        String token = Secrets.generate(TOKEN_PREFIX);
        device.tokenHash = Secrets.hash(token);
        device.enrolledAt = now;
        device.updatedAt = now;
        return new NewDevice(device, token);
    }

    /** What follows a new device's row, once it is flushed or about to be: groups, versions, the event, the audit. */
    EnrollmentResource.Enrolled enrolled(NewDevice created, Map<Product, String> installed, Instant now) {
        Device device = created.device();
        if (!device.attributes.isEmpty()) {
            Panache.getEntityManager().flush();
            attributeChanges.created(device);
        }
        installed.forEach((product, version) -> installedVersions.record(device, product, version, now));
        enrollments.fire(new DeviceEnrolled(device.tenantId, device.id, false));
        audit.record(device.tenantId, "device.enroll", "device", device.id, null,
                Map.of("deviceId", device.externalId, "name", device.name, "proof", EnrollmentProof.UNCLAIMED.auditName(),
                        "attributes", Map.copyOf(device.attributes)));
        return new EnrollmentResource.Enrolled(device.id, device.externalId, device.tenantId, created.token());
    }

    public SelfView self(CurrentDevice.AuthenticatedDevice authenticated) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Device device = Device.find(authenticated.tenantId(), authenticated.externalId()).orElseThrow(DeviceEnrollment::refused);
            return new SelfView(device.id, device.externalId, device.tenantId, device.name, device.timeZone,
                    installedVersions.of(device));
        });
    }

    static Map<Product, String> products(Map<String, String> installed) {
        return products(installed, Product::findByKey);
    }

    /** @param lookup the product of a key, if there is one (a batch asks each key once) */
    static Map<Product, String> products(Map<String, String> installed, Function<String, Optional<Product>> lookup) {
        Map<Product, String> byProduct = new HashMap<>();
        if (installed != null) {
            // The versions a device runs obey the check-in's rules from its first request on.
            CheckInRequest.versionsOf(new CheckInRequest(installed));
            installed.forEach((key, version) -> byProduct.put(lookup.apply(key)
                    .orElseThrow(() -> new UnprocessableException("installed." + key, "unknown product")), version));
        }
        return byProduct;
    }

    static UnauthorizedException refused() {
        return new UnauthorizedException("the enrollment key is unknown, expired, revoked or used up");
    }
}
