package dev.ringmaster.schema;

import dev.ringmaster.tenancy.BackgroundScope;
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
            "gate_verdicts", "rollout_cohort_quarantines", "rollout_cohort_acceptances", "flyway_schema_history");

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
        // Only audit entries of vendor-wide changes, and the vendor's webhook subscriptions with their events,
        // deliveries and attempts, have no tenant.
        assertThat(nullableTenant).containsExactlyInAnyOrder("audit_log", "webhook_attempts", "webhook_deliveries",
                "webhook_events", "webhook_subscriptions");
    }

    @Test
    void everyRowSecurityPolicyReadsTheCallersScopeOncePerStatement() {
        List<String> policies = strings("SELECT tablename::text FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename");
        assertThat(policies).contains("devices", "release_windows", "device_actions", "tenants");
        // Called bare, app_tenant() and app_all_tenants() run for every row a statement reads (V40): only the
        // scalar subquery form, deparsed as "( SELECT app_tenant() AS app_tenant)", is evaluated once.
        List<String> perRow = strings("""
                SELECT tablename::text FROM pg_policies
                 WHERE schemaname = 'public'
                   AND regexp_replace(coalesce(qual, '') || ' ' || coalesce(with_check, ''),
                                      '\\(\\s*SELECT app_(tenant|all_tenants)\\(\\) AS app_\\w+\\)', '', 'g')
                       ~ 'app_(tenant|all_tenants)\\(\\)'""");
        assertThat(perRow).as("policies calling the scope functions once per row").isEmpty();
    }

    @Test
    void auditLogIsAppendOnlyForTheApplication() {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO audit_log (tenant_id, at, actor, actor_kind, action, target_type, target_id)
                VALUES (NULL, now(), 'schema-test', 'system', 'test.append', 'schema', 'audit_log')""").executeUpdate()));

        for (String change : List.of("UPDATE audit_log SET actor = 'someone-else' WHERE actor = 'schema-test'",
                "DELETE FROM audit_log WHERE actor = 'schema-test'", "TRUNCATE audit_log")) {
            assertThatThrownBy(() -> BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(() ->
                    em.createNativeQuery(change).executeUpdate())))
                    .as(change)
                    .rootCause().hasMessageContaining("permission denied for table audit_log");
        }
        assertThat(BackgroundScope.asSystem(() -> strings("SELECT actor FROM audit_log WHERE action = 'test.append'")))
                .containsExactly("schema-test");
        // Even the owner, who is not bound by grants, is stopped by the trigger.
        assertThat(strings("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname"))
                .containsExactly("audit_log_append_only", "audit_log_no_truncate");
    }

    @Test
    void theApplicationRoleOwnsNothingAndCannotBypassRowSecurity() {
        assertThat(strings("SELECT current_user::text")).containsExactly("ringmaster_app");
        assertThat(strings("SELECT rolname::text FROM pg_roles WHERE rolname = current_user AND NOT rolsuper AND NOT rolbypassrls"))
                .containsExactly("ringmaster_app");
        assertThat(strings("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"))
                .isEmpty();
        List<String> unforced = strings("""
                SELECT c.relname::text FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
                AND NOT (c.relrowsecurity AND c.relforcerowsecurity)""");
        assertThat(unforced).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) em.createNativeQuery(sql).getResultList());
    }
}
