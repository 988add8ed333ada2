package dev.ringmaster.schema;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties of the Flyway schema that every later change must keep. */
@QuarkusTest
class SchemaTest {

    /** Tables that belong to the vendor, not to a tenant. Anything else must carry tenant_id. */
    private static final List<String> VENDOR_TABLES = List.of("tenants", "products", "releases", "artifacts",
            "ring_plans", "rings", "rollouts", "rollout_rings", "rollout_approvals", "ring_health_samples",
            "flyway_schema_history");

    @Inject
    EntityManager em;

    @Test
    void everyTenantTableCarriesAnIndexedTenantId() {
        List<String> tables = strings("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""");
        List<String> tenantTables = tables.stream().filter(table -> !VENDOR_TABLES.contains(table)).toList();
        assertThat(tenantTables).contains("devices", "device_groups", "group_memberships", "update_policies",
                "release_windows", "device_events", "audit_log", "enrollment_keys", "tenant_release_approvals");

        List<String> withTenantId = strings("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name""");
        assertThat(withTenantId).containsAll(tenantTables);

        // An index (or primary key) whose first column is tenant_id, so tenant filters never scan.
        List<String> indexedByTenant = strings("""
                SELECT DISTINCT t.relname FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
                WHERE a.attname = 'tenant_id' ORDER BY t.relname""");
        assertThat(indexedByTenant).containsAll(tenantTables);

        List<String> nullableTenant = strings("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'tenant_id' AND is_nullable = 'YES'""");
        // Only audit entries of vendor-wide changes have no tenant.
        assertThat(nullableTenant).containsExactly("audit_log");
    }

    @Test
    void auditLogIsAppendOnly() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO audit_log (tenant_id, at, actor, actor_kind, action, target_type, target_id)
                VALUES (NULL, now(), 'schema-test', 'system', 'test.append', 'schema', 'audit_log')""").executeUpdate());

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("UPDATE audit_log SET actor = 'someone-else' WHERE actor = 'schema-test'").executeUpdate()))
                .rootCause().hasMessageContaining("audit_log is append-only: UPDATE is not allowed");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("DELETE FROM audit_log WHERE actor = 'schema-test'").executeUpdate()))
                .rootCause().hasMessageContaining("audit_log is append-only: DELETE is not allowed");
        assertThat(strings("SELECT actor FROM audit_log WHERE action = 'test.append'")).containsExactly("schema-test");
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) em.createNativeQuery(sql).getResultList());
    }
}
