package dev.ringmaster.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.tenancy.AttributeChanges;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.Device;
import dev.ringmaster.tenancy.DeviceAttributes;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.util.Map;

/**
 * Attributes a device reports on the device API (native check-in, DDI configData): compared with the stored ones
 * first, from memory when they are known, and written only when they differ.
 */
@ApplicationScoped
public class AttributeReports {

    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    @Inject
    KnownAttributes known;

    @Inject
    OfferStore store;

    @Inject
    AttributeChanges changes;

    @Inject
    ObjectMapper json;

    /** Whether merging these into the stored attributes changes nothing, known without the database. */
    public boolean unchanged(CurrentDevice.AuthenticatedDevice device, DeviceAttributes reported) {
        if (reported.isEmpty()) {
            return true;
        }
        DeviceAttributes stored = known.current(device.id());
        return stored != null && stored.values().entrySet().containsAll(reported.values().entrySet());
    }

    /**
     * A check-in's attributes, merged into the stored ones. Repeating what is stored costs nothing once the
     * stored attributes are known; learning them costs one read outside any transaction; a change one transaction.
     */
    public void reported(CurrentDevice.AuthenticatedDevice device, DeviceAttributes reported) {
        if (unchanged(device, reported)) {
            return;
        }
        DeviceAttributes stored = known.current(device.id());
        if (stored == null) {
            stored = known.load(device.tenantId(), device.id(), () -> read(device));
            if (stored.values().entrySet().containsAll(reported.values().entrySet())) {
                return;
            }
        }
        store(device, reported, AttributeChanges.Mode.MERGE, "check-in", "attributes", null);
    }

    /**
     * Stores what the device reported, in a transaction of its own, when it changes the stored attributes.
     *
     * @param alsoInTransaction more work of the caller's in the same transaction, given the device; may be null
     */
    public void store(CurrentDevice.AuthenticatedDevice device, DeviceAttributes reported, AttributeChanges.Mode mode,
                      String source, String field, java.util.function.Consumer<Device> alsoInTransaction) {
        known.load(device.tenantId(), device.id(), () -> BackgroundScope.asTenant(device.tenantId(), () ->
                QuarkusTransaction.requiringNew().call(() -> {
                    Device row = Panache.getEntityManager().find(Device.class, device.id(), LockModeType.PESSIMISTIC_WRITE);
                    DeviceAttributes now = changes.apply(row, reported, mode, source, field);
                    if (alsoInTransaction != null) {
                        alsoInTransaction.accept(row);
                    }
                    return now;
                })));
    }

    private DeviceAttributes read(CurrentDevice.AuthenticatedDevice device) {
        String text = BackgroundScope.asTenant(device.tenantId(), () -> store.query(
                "SELECT attributes::text FROM devices WHERE tenant_id = ? AND id = ?", statement -> {
                    statement.setString(1, device.tenantId());
                    statement.setObject(2, device.id());
                }, rows -> rows.next() ? rows.getString(1) : "{}"));
        try {
            return new DeviceAttributes(json.readValue(text, MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not an object of strings", e);
        }
    }
}
