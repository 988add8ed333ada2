package dev.ringmaster.tenancy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL's row-level security on its own: raw SQL with no tenant filter of the application, on
 * connections of the application's pool scoped to one tenant, only ever sees and writes that tenant's rows.
 */
@QuarkusTest
class RowLevelSecurityTest {

    @Inject
    DataSource dataSource;

    @Inject
    EntityManager em;

    @Test
    void rawQueriesInATenantsTransactionSeeOnlyThatTenant() throws SQLException {
        assertThat(tenantIdsOf("devices", "globex")).containsOnly("globex");
        assertThat(tenantIdsOf("device_groups", "acme")).containsOnly("acme");
        assertThat(tenantIdsOf("update_policies", "initech")).containsOnly("initech");
        assertThat(tenantIdsOf("tenants", "acme")).containsExactly("acme");
        // The same query as the system sees all three: the filter above is the database's, not the query's.
        assertThat(BackgroundScope.asSystem(() -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices")))
                .contains("acme", "globex", "initech");
    }

    @Test
    void anUnscopedConnectionSeesNoTenantRowsAtAll() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM devices");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    @Test
    void aTenantCannotWriteRowsOfAnother() {
        assertThatThrownBy(() -> asTenant("globex", () -> QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                INSERT INTO device_groups (id, tenant_id, name, pilot, created_at, updated_at)
                VALUES (gen_random_uuid(), 'acme', 'planted-by-globex', false, now(), now())""").executeUpdate())))
                .rootCause().hasMessageContaining("row-level security policy");

        int changed = asTenant("globex", () -> QuarkusTransaction.requiringNew().call(() ->
                em.createNativeQuery("UPDATE devices SET name = 'hijacked' WHERE tenant_id = 'acme'").executeUpdate()));
        assertThat(changed).isZero();
        assertThat(BackgroundScope.asSystem(() -> rawTenantIds("SELECT tenant_id FROM devices WHERE name = 'hijacked'"))).isEmpty();
    }

    @Test
    void aPooledConnectionNeverKeepsTheScopeOfItsPreviousUserNotEvenAfterARollback() {
        for (int round = 0; round < 3; round++) {
            assertThat(asTenant("acme", () -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices"))).containsOnly("acme");
            assertThat(asTenant("acme", () -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices"))).containsOnly("acme");
            assertThat(asTenant("globex", () -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices"))).containsOnly("globex");
            // A transaction that takes a connection for initech and rolls back: PostgreSQL undoes settings made in
            // it, so the next user of that connection must not be trusted to hold any particular scope.
            assertThatThrownBy(() -> asTenant("initech", () -> QuarkusTransaction.requiringNew().call(() -> {
                assertThat(rawTenantIds("SELECT DISTINCT tenant_id FROM devices")).containsOnly("initech");
                throw new IllegalStateException("roll back");
            }))).hasMessageContaining("roll back");
            // The same tenant right after: the rollback put the connection back to globex's scope.
            assertThat(asTenant("initech", () -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices"))).containsOnly("initech");
            assertThat(asTenant("globex", () -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices"))).containsOnly("globex");
            assertThat(asTenant("initech", () -> rawTenantIds("SELECT current_setting('app.tenant_id')"))).containsExactly("initech");
            assertThat(BackgroundScope.asSystem(() -> rawTenantIds("SELECT DISTINCT tenant_id FROM devices")))
                    .contains("acme", "globex", "initech");
            assertThat(rawTenantIds("SELECT DISTINCT tenant_id FROM devices")).as("no scope: nothing").isEmpty();
        }
    }

    private List<String> tenantIdsOf(String table, String tenant) {
        String column = table.equals("tenants") ? "id" : "tenant_id";
        return asTenant(tenant, () -> rawTenantIds("SELECT DISTINCT " + column + " FROM " + table));
    }

    /** Runs with the scope a request of that tenant's users would have. */
    private static <T> T asTenant(String tenant, java.util.function.Supplier<T> work) {
        return BackgroundScope.asTenant(tenant, work);
    }

    private List<String> rawTenantIds(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
