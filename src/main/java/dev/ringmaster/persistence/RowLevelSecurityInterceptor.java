package dev.ringmaster.persistence;

import dev.ringmaster.tenancy.RequestTenant;
import dev.ringmaster.tenancy.TenantScope;
import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Hands PostgreSQL the tenant scope of the work that takes a connection, for the row-level security
 * policies of V2. Both settings are written on every acquisition, so nothing of the previous user of a
 * pooled connection carries over, unless the connection is known to hold exactly that scope already.
 *
 * <p>Known means: this interceptor set it at session level while the connection was in auto-commit mode, so
 * the setting was committed at once and no later rollback can undo it. Nothing else in the service sets
 * these settings at session level (V11's function sets one for its own transaction only and puts it back).
 * A setting made inside a transaction is not remembered: a rollback would revert it to something this class
 * no longer knows. A device polling the same tenant's connections thus skips one round trip per request.
 */
@ApplicationScoped
public class RowLevelSecurityInterceptor implements AgroalPoolInterceptor {

    private static final String SET = "SELECT set_config('app.tenant_id', ?, false), set_config('app.all_tenants', ?, false)";

    /** The committed scope of each physical connection; weak, so closed connections leave by themselves. */
    private final Map<PGConnection, Scope> committed = Collections.synchronizedMap(new WeakHashMap<>());

    private record Scope(String tenantId, String allTenants) {
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        TenantScope current = RequestTenant.current();
        Scope wanted = new Scope(current.kind() == TenantScope.Kind.ONE ? current.tenantId() : "",
                current.kind() == TenantScope.Kind.ALL ? "on" : "");
        PGConnection physical = physical(connection);
        if (physical != null && wanted.equals(committed.get(physical))) {
            return;
        }
        try {
            boolean autoCommit = connection.getAutoCommit();
            if (physical != null) {
                // Unknown until the new setting is known to be committed.
                committed.remove(physical);
            }
            apply(connection, wanted);
            if (physical != null && autoCommit) {
                committed.put(physical, wanted);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the tenant scope on a database connection", e);
        }
    }

    private static PGConnection physical(Connection connection) {
        try {
            return connection.unwrap(PGConnection.class);
        } catch (SQLException notPostgres) {
            return null;
        }
    }

    private static void apply(Connection connection, Scope scope) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SET)) {
            statement.setString(1, scope.tenantId());
            statement.setString(2, scope.allTenants());
            statement.execute();
        }
    }
}
