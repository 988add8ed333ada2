-- Device caches are forgotten by kind (device/CacheGenerations.Kind): a bare tenant id on the channel still
-- forgets everything of the tenant, and now only the devices' own table sends one (a new token, a retirement).
-- Two changes that happen all the time name a narrower kind, so that the fleet's tokens (and, for a policy, its
-- rows) stay in memory and its next polls do not all go to the database at once:
--   * a statement that rewrote the rows of more than 10,000 devices of a tenant (V15) sends 'rows:<tenant>';
--   * a policy edit sends 'policy:<tenant>': only decisions change; the windows it moves name their devices.
-- A replica of the previous version ignores both during a rolling deployment; its cached entries then age out
-- (ringmaster.device.cache-max-age), and fresh offers re-read under the locks regardless.
CREATE OR REPLACE FUNCTION notify_changed_devices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ringmaster_device_decisions', n.payload) FROM (
        SELECT DISTINCT CASE WHEN count(*) OVER (PARTITION BY tenant_id) <= 10000 THEN 'device:' || device_id
                             ELSE 'rows:' || tenant_id END AS payload
          FROM (SELECT DISTINCT tenant_id, device_id FROM changed_rows) changed) n;
    RETURN NULL;
END;
$$;

CREATE FUNCTION notify_policy_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('ringmaster_device_decisions', 'policy:' || OLD.tenant_id);
    ELSE
        PERFORM pg_notify('ringmaster_device_decisions', 'policy:' || NEW.tenant_id);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER update_policies_notify ON update_policies;
CREATE TRIGGER update_policies_notify AFTER INSERT OR UPDATE OR DELETE ON update_policies
    FOR EACH ROW EXECUTE FUNCTION notify_policy_decisions();
