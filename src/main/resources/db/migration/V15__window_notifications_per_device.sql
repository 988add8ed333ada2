-- Decision-cache notifications for window writes (V12) name the devices whose windows changed, not their
-- whole tenant, when a statement changes few of them. The periodic refresh rewrites only the windows whose
-- answer moved (a few thousand of 200,000, say); naming the tenant made every replica forget the decisions
-- and the device tokens of all its devices, so the whole fleet's next polls went to the database at once.
-- A statement that changes more than 10,000 devices of a tenant still names the tenant: one message
-- instead of many, and most of its devices' entries are stale anyway.
--
-- The three statement triggers now call their transition table by one name (the new rows of an insert or an
-- update, the old rows of a delete), so the function has one query for all of them.
DROP TRIGGER release_windows_notify_insert ON release_windows;
DROP TRIGGER release_windows_notify_update ON release_windows;
DROP TRIGGER release_windows_notify_delete ON release_windows;

CREATE OR REPLACE FUNCTION notify_release_window_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ringmaster_device_decisions', n.payload) FROM (
        SELECT DISTINCT CASE WHEN count(*) OVER (PARTITION BY tenant_id) <= 10000 THEN 'device:' || device_id
                             ELSE tenant_id END AS payload
          FROM (SELECT DISTINCT tenant_id, device_id FROM changed_rows) changed) n;
    RETURN NULL;
END;
$$;

CREATE TRIGGER release_windows_notify_insert AFTER INSERT ON release_windows REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_release_window_tenants();
CREATE TRIGGER release_windows_notify_update AFTER UPDATE ON release_windows REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_release_window_tenants();
CREATE TRIGGER release_windows_notify_delete AFTER DELETE ON release_windows REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_release_window_tenants();
