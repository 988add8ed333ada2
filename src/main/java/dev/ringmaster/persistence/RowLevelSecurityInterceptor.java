package dev.ringmaster.persistence;

import dev.ringmaster.tenancy.RequestTenant;
import dev.ringmaster.tenancy.TenantScope;
import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Hands PostgreSQL the tenant scope of the work that takes a connection, for the row-level security
 * policies of V2. Both settings are written on every acquisition, so nothing of the previous user of a
 * pooled connection carries over.
 */
@ApplicationScoped
public class RowLevelSecurityInterceptor implements AgroalPoolInterceptor {

    private static final String SET = "SELECT set_config('app.tenant_id', ?, false), set_config('app.all_tenants', ?, false)";

    @Override
    public void onConnectionAcquire(Connection connection) {
        TenantScope scope = RequestTenant.current();
        apply(connection, scope.kind() == TenantScope.Kind.ONE ? scope.tenantId() : "",
                scope.kind() == TenantScope.Kind.ALL ? "on" : "");
    }

    private static void apply(Connection connection, String tenantId, String allTenants) {
        try (PreparedStatement statement = connection.prepareStatement(SET)) {
            statement.setString(1, tenantId);
            statement.setString(2, allTenants);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the tenant scope on a database connection", e);
        }
    }
}
