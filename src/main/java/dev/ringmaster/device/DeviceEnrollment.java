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

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

    /** @param presentedTokenHash the hash of the device token the request carried, if it carried one */
    public EnrollmentResource.Enrolled enroll(EnrollmentResource.EnrollRequest request, Optional<String> presentedTokenHash) {
        // Checked before a use of the key is taken: bad attributes change nothing.
        DeviceAttributes attributes = request.attributes() == null ? null : DeviceAttributes.parse("attributes", request.attributes());
        String keyHash = Secrets.hash(request.enrollmentKey().strip());
        // The use is taken first, with other enrollments' (KeyUses), and given back if the enrollment fails; a crash
        // in between loses a use, never grants one.
        String tenantId = uses.take(keyHash).orElseThrow(DeviceEnrollment::refused);
        try {
            return BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() ->
                    enrollInTenant(tenantId, keyHash, request, attributes, presentedTokenHash)));
        } catch (RuntimeException e) {
            BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> EnrollmentKey.giveBackUse(keyHash)));
            throw e;
        }
    }

    private EnrollmentResource.Enrolled enrollInTenant(String tenantId, String keyHash, EnrollmentResource.EnrollRequest request,
                                                       DeviceAttributes attributes, Optional<String> presentedTokenHash) {
        Instant now = clock.instant();
        // The use taken says the key was usable; one revoked since is refused before anything about the device is said.
        EnrollmentKey key = EnrollmentKey.<EnrollmentKey>find("keyHash", keyHash).firstResultOptional()
                .filter(taken -> taken.revokedAt == null).orElseThrow(DeviceEnrollment::refused);
        if (!key.scope().covers(request.deviceId())) {
            throw new ForbiddenException("this enrollment key does not enroll the device id " + request.deviceId());
        }
        Map<Product, String> installed = products(request.installed());
        String token = Secrets.generate(TOKEN_PREFIX);
        Device device = Device.find(tenantId, request.deviceId()).orElse(null);
        boolean known = device != null;
        if (known && device.status == DeviceStatus.retired) {
            throw new ConflictException("device " + request.deviceId() + " is retired and cannot enroll again");
        }
        EnrollmentProof proof = known ? EnrollmentProof.of(device.tokenHash, presentedTokenHash, device.reprovisionUntil, now)
                : EnrollmentProof.UNCLAIMED;
        if (proof == EnrollmentProof.NONE) {
            throw new ConflictException("device " + request.deviceId() + " is enrolled already: enrolling it again needs its"
                    + " current token (Authorization: TargetToken) or a tenant admin's re-provisioning of the device");
        }
        if (!known) {
            device = new Device();
            device.id = UUID.randomUUID();
            device.tenantId = tenantId;
            device.externalId = request.deviceId();
            device.name = request.name() == null || request.name().isBlank() ? request.deviceId() : request.name().strip();
            device.createdAt = now;
        }
        if (request.timeZone() != null) {
            device.timeZone = request.timeZone();
        }
        if (attributes != null && !known) {
            device.attributes = new HashMap<>(attributes.values());
        }
        device.tokenHash = Secrets.hash(token);
        device.reprovisionUntil = null;
        device.enrolledAt = now;
        device.updatedAt = now;
        device.persist();
        if (attributes != null && known) {
            // What a device enrolls with is all it says about itself: it replaces what was stored.
            attributeChanges.apply(device, attributes, AttributeChanges.Mode.REPLACE, "enrollment", "attributes");
        } else if (!known && !device.attributes.isEmpty()) {
            Panache.getEntityManager().flush();
            attributeChanges.created(device);
        }
        Device enrolled = device;
        installed.forEach((product, version) -> installedVersions.record(enrolled, product, version, now));
        enrollments.fire(new DeviceEnrolled(tenantId, device.id, known));
        audit.record(tenantId, known ? "device.re-enroll" : "device.enroll", "device", device.id, null, known
                ? Map.of("deviceId", device.externalId, "name", device.name, "proof", proof.auditName())
                : Map.of("deviceId", device.externalId, "name", device.name, "proof", proof.auditName(),
                "attributes", Map.copyOf(device.attributes)));
        return new EnrollmentResource.Enrolled(device.id, device.externalId, tenantId, token);
    }

    public SelfView self(CurrentDevice.AuthenticatedDevice authenticated) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Device device = Device.find(authenticated.tenantId(), authenticated.externalId()).orElseThrow(DeviceEnrollment::refused);
            return new SelfView(device.id, device.externalId, device.tenantId, device.name, device.timeZone,
                    installedVersions.of(device));
        });
    }

    private static Map<Product, String> products(Map<String, String> installed) {
        Map<Product, String> byProduct = new HashMap<>();
        if (installed != null) {
            // The versions a device runs obey the check-in's rules from its first request on.
            CheckInRequest.versionsOf(new CheckInRequest(installed));
            installed.forEach((key, version) -> byProduct.put(Product.findByKey(key)
                    .orElseThrow(() -> new UnprocessableException("installed." + key, "unknown product")), version));
        }
        return byProduct;
    }

    private static UnauthorizedException refused() {
        return new UnauthorizedException("the enrollment key is unknown, expired, revoked or used up");
    }
}
