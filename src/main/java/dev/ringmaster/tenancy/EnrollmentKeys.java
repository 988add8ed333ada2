package dev.ringmaster.tenancy;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.UnprocessableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating, listing and revoking the caller's tenant's enrollment keys. */
@ApplicationScoped
public class EnrollmentKeys {

    static final String SECRET_PREFIX = "rmk_";
    private static final Duration LONGEST = Duration.ofDays(366);

    public record Issued(EnrollmentKey key, String secret) {
    }

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public List<EnrollmentKey> list() {
        return EnrollmentKey.list("tenantId = ?1 order by createdAt desc", caller.tenantId());
    }

    @Transactional
    /** A new key; an empty {@code deviceIdPatterns} enrolls any device id. */
    public Issued create(String name, Duration validFor, int maxUses, List<String> deviceIdPatterns) {
        if (!validFor.isPositive() || validFor.compareTo(LONGEST) > 0) {
            throw new UnprocessableException("validFor", "longer than zero and at most 366 days");
        }
        Instant now = clock.instant();
        String secret = Secrets.generate(SECRET_PREFIX);
        EnrollmentKey key = new EnrollmentKey();
        key.id = UUID.randomUUID();
        key.tenantId = caller.tenantId();
        key.name = name.strip();
        key.keyHash = Secrets.hash(secret);
        key.expiresAt = now.plus(validFor);
        key.maxUses = maxUses;
        key.deviceIdPatterns = deviceIdPatterns.isEmpty() ? null : List.copyOf(deviceIdPatterns);
        key.createdBy = caller.get().username();
        key.createdAt = now;
        key.persist();
        audit.record(key.tenantId, "enrollment-key.create", "enrollment-key", key.id, null,
                Map.of("name", key.name, "expiresAt", key.expiresAt.toString(), "maxUses", maxUses,
                        "deviceIdPatterns", deviceIdPatterns));
        return new Issued(key, secret);
    }

    @Transactional
    public EnrollmentKey revoke(UUID id) {
        EnrollmentKey key = EnrollmentKey.<EnrollmentKey>find("tenantId = ?1 and id = ?2", caller.tenantId(), id)
                .firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no enrollment key " + id));
        if (key.revokedAt == null) {
            key.revokedAt = clock.instant();
            audit.record(key.tenantId, "enrollment-key.revoke", "enrollment-key", key.id,
                    Map.of("revoked", false), Map.of("revoked", true));
        }
        return key;
    }
}
