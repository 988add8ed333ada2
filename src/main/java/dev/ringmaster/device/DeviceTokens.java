package dev.ringmaster.device;

import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Which active device a token (by its hash) belongs to: from {@link DeviceTokenCache} while nothing of the
 * device's tenant changed, otherwise one indexed read. Every device request of both protocols authenticates
 * here, so a device that polls costs no token round trip in the steady state; a retirement or a new token
 * reaches the cache through the change feed (the {@code devices} trigger of V9) like any other tenant change.
 * Authentication (here, and the DDI gateway path) is what checks that a device is active; the decision reads
 * trust it.
 */
@ApplicationScoped
public class DeviceTokens {

    private static final String BY_HASH = "SELECT id, tenant_id, external_id FROM devices WHERE token_hash = ? AND status = 'active'";

    @Inject
    DeviceTokenCache cache;

    @Inject
    CacheGenerations generations;

    @Inject
    AgroalDataSource dataSource;

    public Optional<CurrentDevice.AuthenticatedDevice> byHash(String tokenHash) {
        Optional<CurrentDevice.AuthenticatedDevice> cached = cache.get(tokenHash);
        return cached.isPresent() ? cached : lookUp(tokenHash);
    }

    /** The device, only if its token is known from memory: for answers that must not wait on the database. */
    public Optional<CurrentDevice.AuthenticatedDevice> known(String tokenHash) {
        return cache.get(tokenHash);
    }

    private Optional<CurrentDevice.AuthenticatedDevice> lookUp(String tokenHash) {
        long changesBefore = generations.changes();
        // The token is the only thing that names the tenant here, so this one read spans all tenants. A single
        // statement needs no transaction of its own.
        Optional<CurrentDevice.AuthenticatedDevice> found = BackgroundScope.asSystem(() -> read(tokenHash));
        found.ifPresent(device -> {
            CacheGenerations.Stamp stamp = generations.stamp(device.tenantId(), CacheGenerations.Kind.CREDENTIALS);
            // Cached only if nothing changed anywhere since before the read, so a retirement that raced it is not kept.
            if (generations.changes() == changesBefore) {
                cache.put(tokenHash, device, stamp);
            }
        });
        return found;
    }

    private Optional<CurrentDevice.AuthenticatedDevice> read(String tokenHash) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(BY_HASH)) {
            statement.setString(1, tokenHash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new CurrentDevice.AuthenticatedDevice(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("device token lookup failed: " + e.getMessage(), e);
        }
    }
}
