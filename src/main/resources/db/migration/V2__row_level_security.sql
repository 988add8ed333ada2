-- Row-level security: the second wall between tenants, behind the application's own tenant filter.
-- Every transaction of the application states whose rows it may touch, in two settings made when it takes
-- a connection from the pool (see dev.ringmaster.persistence.RowLevelSecurityInterceptor):
--   app.tenant_id    the one tenant of the caller, or '' for none
--   app.all_tenants  'on' for vendor staff and system jobs, which see every tenant
-- With neither set, no tenant row is visible. FORCE makes the policies hold for the tables' owner too, and
-- the application connects as ${app_role}, which owns nothing and cannot switch row security off.

CREATE FUNCTION app_tenant() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '') $$;

CREATE FUNCTION app_all_tenants() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('app.all_tenants', true), '') = 'on' $$;

DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['enrollment_keys', 'devices', 'device_installed_versions', 'device_groups',
            'group_memberships', 'update_policies', 'policy_pilot_groups', 'tenant_release_approvals',
            'release_windows', 'device_events', 'audit_log']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (app_all_tenants() OR tenant_id = app_tenant()) '
                       'WITH CHECK (app_all_tenants() OR tenant_id = app_tenant())', tenant_table);
    END LOOP;
END;
$$;

-- A customer reads its own tenant row; only vendor staff and system jobs see or create others.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (app_all_tenants() OR id = app_tenant())
    WITH CHECK (app_all_tenants());

-- What the application role may do. The audit log only grows.
GRANT USAGE ON SCHEMA public TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
REVOKE ALL ON flyway_schema_history FROM ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app_role};
