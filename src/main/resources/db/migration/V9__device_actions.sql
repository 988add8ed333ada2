-- A device's action for one release: created when the release is first offered to it, moved on by its
-- reports, closed by its final result. It gives hawkBit agents a stable action id, lets the offer rules
-- count who is installing right now (the concurrency cap) and who was offered an unproven release in the
-- last hour (the blast-radius cap) without scanning device_events, and makes a retry never count twice.
CREATE TABLE device_actions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     text NOT NULL REFERENCES tenants (id),
    device_id     uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    release_id    uuid NOT NULL REFERENCES releases (id),
    rollout_id    uuid REFERENCES rollouts (id),
    ring_position integer NOT NULL,
    last_kind     text NOT NULL CHECK (last_kind IN ('offered', 'downloading', 'downloaded', 'installing', 'succeeded', 'failed', 'cancelled', 'silent')),
    open          boolean NOT NULL,
    unproven      boolean NOT NULL,
    offered_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    UNIQUE (device_id, release_id)
);
CREATE INDEX device_actions_tenant ON device_actions (tenant_id, device_id);
CREATE INDEX device_actions_tenant_open ON device_actions (tenant_id, updated_at) WHERE open;
CREATE INDEX device_actions_unproven ON device_actions (offered_at) WHERE unproven;

ALTER TABLE device_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_actions USING (app_all_tenants() OR tenant_id = app_tenant())
    WITH CHECK (app_all_tenants() OR tenant_id = app_tenant());

-- Device decision caches (one per replica) are told about every change a decision depends on, whoever
-- makes it (the rollout engine, the window planner, a policy edit, a retirement, a migration): the tables
-- notify on channel ringmaster_device_decisions, after commit, with the tenant concerned or '*' for all.
-- PostgreSQL folds identical notifications of one transaction into one, so a recomputation of many windows
-- of one tenant costs one message.
CREATE FUNCTION notify_device_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('ringmaster_device_decisions', '*');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('ringmaster_device_decisions', OLD.tenant_id);
    ELSE
        PERFORM pg_notify('ringmaster_device_decisions', NEW.tenant_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER release_windows_notify AFTER INSERT OR UPDATE OR DELETE ON release_windows
    FOR EACH ROW EXECUTE FUNCTION notify_device_decisions();
CREATE TRIGGER update_policies_notify AFTER INSERT OR UPDATE OR DELETE ON update_policies
    FOR EACH ROW EXECUTE FUNCTION notify_device_decisions();
-- Last-seen updates touch devices all the time and must not empty the caches; a new token or a retirement must.
CREATE TRIGGER devices_notify AFTER UPDATE OF token_hash, status ON devices
    FOR EACH ROW WHEN (OLD.token_hash IS DISTINCT FROM NEW.token_hash OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION notify_device_decisions();
CREATE TRIGGER devices_delete_notify AFTER DELETE ON devices
    FOR EACH ROW EXECUTE FUNCTION notify_device_decisions();
CREATE TRIGGER tenants_notify AFTER UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION notify_device_decisions();
CREATE TRIGGER rollouts_notify AFTER INSERT OR UPDATE OR DELETE ON rollouts
    FOR EACH STATEMENT EXECUTE FUNCTION notify_device_decisions();
CREATE TRIGGER rollout_rings_notify AFTER INSERT OR UPDATE OR DELETE ON rollout_rings
    FOR EACH STATEMENT EXECUTE FUNCTION notify_device_decisions();
CREATE TRIGGER releases_notify AFTER UPDATE OR DELETE ON releases
    FOR EACH STATEMENT EXECUTE FUNCTION notify_device_decisions();

-- A device's own cached decision is stale once its action opens or closes on any replica.
CREATE FUNCTION notify_device_action() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ringmaster_device_decisions', 'device:' || NEW.device_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER device_actions_notify AFTER UPDATE OF open ON device_actions
    FOR EACH ROW WHEN (OLD.open IS DISTINCT FROM NEW.open) EXECUTE FUNCTION notify_device_action();
