-- Every row-level security policy compared each row with app_tenant() and app_all_tenants(), two function calls
-- reading settings, per row: a count over a tenant's 90,000 rows took about twice as long as without them. Called
-- as scalar subqueries they are evaluated once per statement (an InitPlan), with the same meaning, as the settings
-- do not change within a statement; a policy's tenant condition can then also be an index condition. Policies
-- written after this one use that form from the start (SchemaTest checks every policy).
DO $$
DECLARE
    policy record;
BEGIN
    FOR policy IN SELECT tablename, policyname, qual, with_check FROM pg_policies WHERE schemaname = 'public'
    LOOP
        IF policy.qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I USING (%s)', policy.policyname, policy.tablename,
                           replace(replace(policy.qual, 'app_tenant()', '(SELECT app_tenant())'),
                                   'app_all_tenants()', '(SELECT app_all_tenants())'));
        END IF;
        IF policy.with_check IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', policy.policyname, policy.tablename,
                           replace(replace(policy.with_check, 'app_tenant()', '(SELECT app_tenant())'),
                                   'app_all_tenants()', '(SELECT app_all_tenants())'));
        END IF;
    END LOOP;
END;
$$;
