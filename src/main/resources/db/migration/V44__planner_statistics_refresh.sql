-- PostgreSQL keeps a generic plan per prepared statement and connection, costed with the table statistics of the
-- moment it was made, until the next ANALYZE of a table it reads. A table that grows in a burst (device_actions
-- when a window opens for a whole fleet: 0 to 100,000 rows in a minute) is then read with the plan of a small
-- table — a hash join over a sequential scan, 16 ms a statement instead of 1 ms (docs/benchmarks.md, 7 Dec 2026,
-- night) — until autovacuum comes round, up to autovacuum_naptime later. persistence/PlannerStatistics decides
-- which tables have grown enough to be analyzed now; this analyzes one of them for it.
--
-- SECURITY DEFINER: ANALYZE needs the table's owner, which the service's role is not. Only tables of this schema;
-- a table being vacuumed is skipped (false) until the next call rather than waited for.
CREATE FUNCTION analyze_for_planner(table_name text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    SET lock_timeout = '200ms'
AS $$
BEGIN
    IF to_regclass(format('public.%I', table_name)) IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('ANALYZE public.%I', table_name);
    RETURN true;
EXCEPTION WHEN lock_not_available THEN
    RETURN false; -- autovacuum holds it: it analyzes it itself, or the next call does
END;
$$;

GRANT EXECUTE ON FUNCTION analyze_for_planner(text) TO ${app_role};
