-- PostgreSQL keeps a generic plan per prepared statement and connection, costed with the table statistics of the
-- moment it was made, until the next ANALYZE of a table it reads. A table that grows in a burst (device_actions
-- when a window opens for a whole fleet: 0 to 100,000 rows in a minute) is then read with the plan of a small
-- table — a hash join over a sequential scan, 16 ms a statement instead of 1 ms (docs/benchmarks.md, 7 Dec 2026,
-- night) — until autovacuum comes round, up to autovacuum_naptime later. This analyzes, now, each table of the
-- schema that changed more rows since its last analysis than it had then (and at least min_rows): a growing
-- table's plans are remade each time it doubles, a handful of times over its life, and no table is analyzed more
-- often than autovacuum would analyze it anyway (after a tenth of its rows changed).
--
-- SECURITY DEFINER: ANALYZE needs the table's owner, which the service's role is not. One caller at a time (the
-- advisory lock; another replica's call returns at once), and a table being vacuumed is skipped until the next
-- call rather than waited for.
CREATE FUNCTION refresh_planner_statistics(min_rows bigint) RETURNS SETOF text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    SET lock_timeout = '200ms'
AS $$
DECLARE
    grown record;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('refresh_planner_statistics', 0)) THEN
        RETURN;
    END IF;
    FOR grown IN
        SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
         WHERE s.schemaname = 'public' AND s.n_mod_since_analyze >= greatest(min_rows, c.reltuples)
         ORDER BY s.relname
    LOOP
        BEGIN
            EXECUTE format('ANALYZE public.%I', grown.relname);
            RETURN NEXT grown.relname;
        EXCEPTION WHEN lock_not_available THEN
            NULL; -- autovacuum holds it: it analyzes it itself, or the next call does
        END;
    END LOOP;
END;
$$;

GRANT EXECUTE ON FUNCTION refresh_planner_statistics(bigint) TO ${app_role};
