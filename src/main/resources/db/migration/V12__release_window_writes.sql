-- release_windows is a cache derived from devices, policies and rollouts: the window store rewrites it
-- from its sources (a full refresh every few minutes), and readers join the tables it points at. Writing a
-- million rows was dominated by work per row that the cache does not need (docs/windows.md, "Benchmark").

-- 1. Foreign keys. Each inserted row ran four checks that also lock the referenced row (FOR KEY SHARE
--    writes a lock into each of a million device rows, with WAL). Nothing deletes tenants, releases or
--    rollouts, and every reader joins them, so a row pointing at one that is gone would be invisible; the
--    store's own delete removes rows whose device is no longer active or no longer exists. The device key's
--    ON DELETE CASCADE is kept as a statement trigger: deleting devices still deletes their windows.
ALTER TABLE release_windows
    DROP CONSTRAINT release_windows_tenant_id_fkey,
    DROP CONSTRAINT release_windows_device_id_fkey,
    DROP CONSTRAINT release_windows_release_id_fkey,
    DROP CONSTRAINT release_windows_rollout_id_fkey;

CREATE FUNCTION delete_windows_of_deleted_devices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM release_windows w USING deleted_devices d WHERE w.device_id = d.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER devices_delete_windows AFTER DELETE ON devices REFERENCING OLD TABLE AS deleted_devices
    FOR EACH STATEMENT EXECUTE FUNCTION delete_windows_of_deleted_devices();

-- 2. Decision-cache notifications (V9): one per tenant concerned, as before, but computed once per
--    statement from its transition table instead of a PL/pgSQL call for every row (about 2 s per million).
DROP TRIGGER release_windows_notify ON release_windows;

CREATE FUNCTION notify_release_window_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('ringmaster_device_decisions', t.tenant_id) FROM (SELECT DISTINCT tenant_id FROM old_rows) t;
    ELSE
        PERFORM pg_notify('ringmaster_device_decisions', t.tenant_id) FROM (SELECT DISTINCT tenant_id FROM new_rows) t;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER release_windows_notify_insert AFTER INSERT ON release_windows REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_release_window_tenants();
CREATE TRIGGER release_windows_notify_update AFTER UPDATE ON release_windows REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_release_window_tenants();
CREATE TRIGGER release_windows_notify_delete AFTER DELETE ON release_windows REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_release_window_tenants();

-- 3. A fingerprint of the row's answer, written by the window store, so that a recomputation can skip the
--    rows whose answer did not change without sending them (an upsert that changes nothing still locks and
--    compares every row). NULL means unknown: the store rewrites the row. Anyone else who changes a row
--    without setting a new digest (test fixtures, hand repairs) makes it unknown, so the store never trusts a
--    fingerprint of an answer that is no longer there. The WHEN clause is evaluated without calling the
--    function, so the store's own updates, which always change the digest, pay nothing for it.
ALTER TABLE release_windows ADD COLUMN digest bigint;

CREATE FUNCTION forget_release_window_digest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.digest := NULL;
    RETURN NEW;
END;
$$;
CREATE TRIGGER release_windows_forget_digest BEFORE UPDATE ON release_windows
    FOR EACH ROW WHEN (NEW.digest IS NOT DISTINCT FROM OLD.digest) EXECUTE FUNCTION forget_release_window_digest();

-- 4. Room on every page for a second version of each row. A recomputation that moves windows changes
--    neither the key nor the tenant, rollout or ring (the indexed columns), so with room on the page
--    PostgreSQL updates the row in place (HOT) instead of adding three index entries; a policy edit that
--    rewrote 100,000 rows took 0.65 s instead of 1.5 s in SQL. The cost is a table about twice the size.
--    Applies to pages written from now on; existing rows move as they are rewritten.
ALTER TABLE release_windows SET (fillfactor = 50);
