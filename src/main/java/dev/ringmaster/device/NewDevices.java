package dev.ringmaster.device;

import dev.ringmaster.persistence.Coalesced;
import dev.ringmaster.release.Product;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.DeviceAttributes;
import dev.ringmaster.tenancy.EnrollmentKey;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices enrolling for the first time, written in one transaction per tenant when they arrive together
 * ({@link Coalesced}): a fleet switched on at once would otherwise pay a transaction, a key read, a product read
 * and a device lookup each. The rules are {@link DeviceEnrollment}'s own pieces, in the same order, so a device
 * gets the answer it would get alone: a request this batch cannot refuse or enroll by itself — its id is enrolled
 * already, or another request of the batch has the same id — is answered "alone", and
 * {@link DeviceEnrollment} enrolls it as it did before. A batch whose transaction fails answers every request
 * "alone", so a race with another replica, or one bad row, costs a retry and never a wrong answer.
 */
@ApplicationScoped
public class NewDevices {

    private static final Logger LOG = Logger.getLogger(NewDevices.class);

    /** Enrollments waiting while a batch commits go in the next one, at most this many. */
    private static final int MAX_BATCH = 64;
    private static final int PARALLEL = 2;

    /** One request; compared by identity, as two devices may send the same request at once. */
    private static final class Arrival {
        final String keyHash;
        final EnrollmentResource.EnrollRequest request;
        final DeviceAttributes attributes;

        Arrival(String keyHash, EnrollmentResource.EnrollRequest request, DeviceAttributes attributes) {
            this.keyHash = keyHash;
            this.request = request;
            this.attributes = attributes;
        }
    }

    /** Enrolled, refused (the exception the request gets), or to enroll alone (both null). */
    private record Answer(EnrollmentResource.Enrolled enrolled, RuntimeException refusal) {
        static final Answer ALONE = new Answer(null, null);
    }

    /** One batcher per tenant that enrolled on this replica; it holds only the requests waiting. */
    private final Map<String, Coalesced<Arrival, Answer>> batchers = new ConcurrentHashMap<>();

    @Inject
    DeviceEnrollment enrollment;

    @Inject
    Clock clock;

    /**
     * Enrolls a device that presented no token, with others of its tenant arriving at the same time; empty when
     * it must be enrolled alone. A refusal is thrown as the enrollment alone would throw it.
     */
    Optional<EnrollmentResource.Enrolled> enroll(String tenantId, String keyHash, EnrollmentResource.EnrollRequest request,
                                                 DeviceAttributes attributes) {
        Answer answer = batchers.computeIfAbsent(tenantId, tenant -> new Coalesced<Arrival, Answer>(
                arrivals -> enrollAll(tenant, arrivals), PARALLEL, MAX_BATCH)).get(new Arrival(keyHash, request, attributes));
        if (answer.refusal() != null) {
            throw answer.refusal();
        }
        return Optional.ofNullable(answer.enrolled());
    }

    private Map<Arrival, Answer> enrollAll(String tenantId, List<Arrival> arrivals) {
        try {
            return BackgroundScope.asTenant(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> enrollInTenant(tenantId, arrivals)));
        } catch (RuntimeException e) {
            LOG.debugf(e, "enrolling %d new devices of tenant %s together failed; each is enrolled alone", arrivals.size(), tenantId);
            Map<Arrival, Answer> alone = new HashMap<>();
            arrivals.forEach(arrival -> alone.put(arrival, Answer.ALONE));
            return alone;
        }
    }

    private Map<Arrival, Answer> enrollInTenant(String tenantId, List<Arrival> arrivals) {
        Instant now = clock.instant();
        Map<Arrival, Answer> answers = new HashMap<>();
        Set<String> known = enrolledAlready(tenantId, arrivals);
        Set<String> inThisBatch = new HashSet<>();
        // Read once per batch: a key or product refused for one request is refused for each.
        Map<String, Optional<EnrollmentKey>> keys = new HashMap<>();
        Map<String, Optional<Product>> products = new HashMap<>();
        Map<Arrival, DeviceEnrollment.NewDevice> created = new HashMap<>();
        Map<Arrival, Map<Product, String>> installed = new HashMap<>();
        for (Arrival arrival : arrivals) {
            String deviceId = arrival.request.deviceId();
            if (known.contains(deviceId) || !inThisBatch.add(deviceId)) {
                answers.put(arrival, Answer.ALONE);
                continue;
            }
            try {
                EnrollmentKey key = keys.computeIfAbsent(arrival.keyHash, NewDevices::usableKey)
                        .orElseThrow(DeviceEnrollment::refused);
                DeviceEnrollment.checkCovers(key, deviceId);
                installed.put(arrival, DeviceEnrollment.products(arrival.request.installed(),
                        productKey -> products.computeIfAbsent(productKey, Product::findByKey)));
                DeviceEnrollment.NewDevice device = DeviceEnrollment.newDevice(tenantId, arrival.request, arrival.attributes, now);
                device.device().persist();
                created.put(arrival, device);
            } catch (RuntimeException refusal) {
                answers.put(arrival, new Answer(null, refusal));
            }
        }
        Panache.getEntityManager().flush();
        created.forEach((arrival, device) -> answers.put(arrival,
                new Answer(enrollment.enrolled(device, installed.get(arrival), now), null)));
        return answers;
    }

    private static Optional<EnrollmentKey> usableKey(String keyHash) {
        try {
            return Optional.of(DeviceEnrollment.readUsableKey(keyHash));
        } catch (UnauthorizedException refused) {
            return Optional.empty();
        }
    }

    private static Set<String> enrolledAlready(String tenantId, List<Arrival> arrivals) {
        List<String> ids = arrivals.stream().map(arrival -> arrival.request.deviceId()).distinct().toList();
        return new HashSet<>(Panache.getEntityManager()
                .createQuery("SELECT d.externalId FROM Device d WHERE d.tenantId = :tenant AND d.externalId IN :ids", String.class)
                .setParameter("tenant", tenantId).setParameter("ids", ids).getResultList());
    }
}
