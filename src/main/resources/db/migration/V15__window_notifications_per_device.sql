-- Decision-cache notifications for window writes (V12) name the devices whose windows changed, not their
-- whole tenant, when a statement changes few of them. The periodic refresh rewrites only the windows whose
-- answer moved (a few thousand of 200,000, say); naming the tenant made every replica forget the decisions
-- and the device tokens of all its devices, so the whole fleet's next polls went to the database at once.
-- A statement that changes more than 10,000 devices of a tenant still names the tenant: one message
-- instead of many, and most of its devices' entries are stale anyway.
CREATE OR REPLACE FUNCTION notify_release_window_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('ringmaster_device_decisions', n.payload) FROM (
            SELECT DISTINCT CASE WHEN count(*) OVER (PARTITION BY tenant_id) <= 10000 THEN 'device:' || device_id
                                 ELSE tenant_id END AS payload
              FROM (SELECT DISTINCT tenant_id, device_id FROM old_rows) changed) n;
    ELSE
        PERFORM pg_notify('ringmaster_device_decisions', n.payload) FROM (
            SELECT DISTINCT CASE WHEN count(*) OVER (PARTITION BY tenant_id) <= 10000 THEN 'device:' || device_id
                                 ELSE tenant_id END AS payload
              FROM (SELECT DISTINCT tenant_id, device_id FROM new_rows) changed) n;
    END IF;
    RETURN NULL;
END;
$$;
