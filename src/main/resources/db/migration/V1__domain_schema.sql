-- Ringmaster's first domain schema. Vendor-wide tables (products, releases, ring plans, rollouts) have no
-- tenant; every tenant-owned table carries tenant_id, leads its keys with it and is indexed by it, so that
-- every query can filter on it and Citus can later distribute by it.

-- A tenant's id is its slug, the alias of its Keycloak Organization (immutable there too), so the tenant
-- named by a token is the tenant_id of its rows without a lookup.
CREATE TABLE tenants (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,62}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    time_zone   text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- ---------------------------------------------------------------------------------------------------
-- Vendor side: products, releases, artifacts, ring plans, rollouts
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE products (
    id          uuid PRIMARY KEY,
    key         text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
    name        text NOT NULL,
    description text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE releases (
    id                 uuid PRIMARY KEY,
    product_id         uuid NOT NULL REFERENCES products (id),
    version            text NOT NULL,
    version_major      integer NOT NULL,
    version_minor      integer NOT NULL,
    version_patch      integer NOT NULL,
    version_pre        text,
    kind               text NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'emergency', 'rollback')),
    state              text NOT NULL DEFAULT 'draft'
                       CHECK (state IN ('draft', 'published', 'rolling_out', 'completed', 'halted', 'withdrawn')),
    notes              text,
    manifest           jsonb,
    manifest_signature text,
    rollback_of        uuid REFERENCES releases (id),
    created_by         text NOT NULL,
    created_at         timestamptz NOT NULL,
    published_at       timestamptz,
    completed_at       timestamptz,
    UNIQUE (product_id, version)
);
CREATE INDEX releases_product_order ON releases (product_id, version_major, version_minor, version_patch);

CREATE TABLE artifacts (
    id           uuid PRIMARY KEY,
    release_id   uuid NOT NULL REFERENCES releases (id),
    name         text NOT NULL,
    size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
    sha256       char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type text,
    external_url text,
    storage_key  text,
    created_at   timestamptz NOT NULL,
    UNIQUE (release_id, name),
    CHECK (external_url IS NOT NULL OR storage_key IS NOT NULL)
);

CREATE TABLE ring_plans (
    id          uuid PRIMARY KEY,
    product_id  uuid NOT NULL REFERENCES products (id),
    name        text NOT NULL,
    -- Changing the salt reshuffles which devices fall into which ring; keeping it keeps assignments stable.
    salt        text NOT NULL,
    is_default  boolean NOT NULL DEFAULT false,
    emergency   boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    UNIQUE (product_id, name)
);
CREATE UNIQUE INDEX ring_plans_one_default ON ring_plans (product_id) WHERE is_default;

CREATE TABLE rings (
    id                      uuid PRIMARY KEY,
    ring_plan_id            uuid NOT NULL REFERENCES ring_plans (id) ON DELETE CASCADE,
    position                integer NOT NULL CHECK (position >= 0),
    name                    text NOT NULL,
    cumulative_share        numeric(9, 8) NOT NULL CHECK (cumulative_share > 0 AND cumulative_share <= 1),
    min_soak_seconds        bigint NOT NULL CHECK (min_soak_seconds >= 0),
    gate_min_finished       integer NOT NULL DEFAULT 0 CHECK (gate_min_finished >= 0),
    gate_min_finished_share numeric(5, 4) NOT NULL DEFAULT 0 CHECK (gate_min_finished_share BETWEEN 0 AND 1),
    gate_max_failure_rate   numeric(5, 4) NOT NULL CHECK (gate_max_failure_rate BETWEEN 0 AND 1),
    silence_timeout_seconds bigint NOT NULL CHECK (silence_timeout_seconds > 0),
    manual_approval         boolean NOT NULL DEFAULT false,
    UNIQUE (ring_plan_id, position),
    UNIQUE (ring_plan_id, name)
);

CREATE TABLE rollouts (
    id               uuid PRIMARY KEY,
    release_id       uuid NOT NULL REFERENCES releases (id),
    ring_plan_id     uuid NOT NULL REFERENCES ring_plans (id),
    state            text NOT NULL
                     CHECK (state IN ('scheduled', 'running', 'paused', 'on_hold', 'halted', 'completed', 'aborted')),
    current_ring     integer NOT NULL DEFAULT 0,
    state_reason     text,
    scheduled_for    timestamptz,
    started_at       timestamptz,
    state_changed_at timestamptz NOT NULL,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL,
    lock_version     bigint NOT NULL DEFAULT 0
);
CREATE INDEX rollouts_active ON rollouts (state) WHERE state IN ('scheduled', 'running', 'paused', 'on_hold');
CREATE INDEX rollouts_release ON rollouts (release_id);

CREATE TABLE rollout_rings (
    rollout_id  uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    state       text NOT NULL CHECK (state IN ('pending', 'open', 'passed', 'halted', 'on_hold')),
    opened_at   timestamptz,
    passed_at   timestamptz,
    halted_at   timestamptz,
    promoted_by text,
    promote_reason text,
    PRIMARY KEY (rollout_id, position)
);

CREATE TABLE rollout_approvals (
    rollout_id  uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    approver    text NOT NULL,
    approved_at timestamptz NOT NULL,
    PRIMARY KEY (rollout_id, approver)
);

-- Time series of ring health, aggregated over all tenants, for charts and gates.
CREATE TABLE ring_health_samples (
    rollout_id   uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    sampled_at   timestamptz NOT NULL,
    offered      integer NOT NULL,
    downloading  integer NOT NULL,
    installing   integer NOT NULL,
    succeeded    integer NOT NULL,
    failed       integer NOT NULL,
    silent       integer NOT NULL,
    PRIMARY KEY (rollout_id, position, sampled_at)
);

-- ---------------------------------------------------------------------------------------------------
-- Tenant side: devices, groups, enrollment, policies, approvals, windows, events
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE enrollment_keys (
    id          uuid PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants (id),
    name        text NOT NULL,
    key_hash    text NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    max_uses    integer NOT NULL CHECK (max_uses > 0),
    uses        integer NOT NULL DEFAULT 0,
    revoked_at  timestamptz,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX enrollment_keys_tenant ON enrollment_keys (tenant_id);

CREATE TABLE devices (
    id            uuid PRIMARY KEY,
    tenant_id     text NOT NULL REFERENCES tenants (id),
    external_id   text NOT NULL CHECK (external_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
    name          text NOT NULL,
    time_zone     text,
    attributes    jsonb NOT NULL DEFAULT '{}'::jsonb,
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    token_hash    text UNIQUE,
    enrolled_at   timestamptz,
    last_seen_at  timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    UNIQUE (tenant_id, external_id)
);
CREATE INDEX devices_tenant ON devices (tenant_id);
CREATE INDEX devices_tenant_last_seen ON devices (tenant_id, last_seen_at);

CREATE TABLE device_installed_versions (
    tenant_id   text NOT NULL REFERENCES tenants (id),
    device_id   uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    product_id  uuid NOT NULL REFERENCES products (id),
    version     text NOT NULL,
    reported_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, product_id)
);
CREATE INDEX device_installed_versions_tenant ON device_installed_versions (tenant_id, product_id, version);

CREATE TABLE device_groups (
    id          uuid PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text,
    pilot       boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX device_groups_tenant ON device_groups (tenant_id);

CREATE TABLE group_memberships (
    tenant_id  text NOT NULL REFERENCES tenants (id),
    group_id   uuid NOT NULL REFERENCES device_groups (id) ON DELETE CASCADE,
    device_id  uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, device_id)
);
CREATE INDEX group_memberships_tenant ON group_memberships (tenant_id);
CREATE INDEX group_memberships_device ON group_memberships (device_id);

CREATE TABLE update_policies (
    id                          uuid PRIMARY KEY,
    tenant_id                   text NOT NULL REFERENCES tenants (id),
    product_id                  uuid NOT NULL REFERENCES products (id),
    mode                        text NOT NULL CHECK (mode IN ('automatic', 'approval', 'n-1', 'n-2', 'pinned')),
    pinned_version              text,
    pin_expires_at              timestamptz,
    deferral_seconds            bigint NOT NULL DEFAULT 0 CHECK (deferral_seconds >= 0),
    pilot_deferral_seconds      bigint NOT NULL DEFAULT 0 CHECK (pilot_deferral_seconds >= 0),
    pilot_gate_min_succeeded    integer NOT NULL DEFAULT 0 CHECK (pilot_gate_min_succeeded >= 0),
    pilot_gate_max_failure_rate numeric(5, 4) NOT NULL DEFAULT 0 CHECK (pilot_gate_max_failure_rate BETWEEN 0 AND 1),
    pilot_gate_soak_seconds     bigint NOT NULL DEFAULT 0 CHECK (pilot_gate_soak_seconds >= 0),
    -- Weekly windows: [{"days":["MON",...],"start":"02:00","duration":"PT3H","timeZone":null}]
    maintenance_windows         jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Absolute ranges: [{"from":"...","to":"...","reason":"..."}]
    freezes                     jsonb NOT NULL DEFAULT '[]'::jsonb,
    max_concurrent_share        numeric(5, 4) NOT NULL DEFAULT 1 CHECK (max_concurrent_share > 0 AND max_concurrent_share <= 1),
    paused                      boolean NOT NULL DEFAULT false,
    lock_version                bigint NOT NULL DEFAULT 0,
    updated_by                  text NOT NULL,
    updated_at                  timestamptz NOT NULL,
    UNIQUE (tenant_id, product_id),
    CHECK (mode <> 'pinned' OR pinned_version IS NOT NULL)
);
CREATE INDEX update_policies_tenant ON update_policies (tenant_id);

CREATE TABLE policy_pilot_groups (
    tenant_id  text NOT NULL REFERENCES tenants (id),
    policy_id  uuid NOT NULL REFERENCES update_policies (id) ON DELETE CASCADE,
    group_id   uuid NOT NULL REFERENCES device_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (policy_id, group_id)
);
CREATE INDEX policy_pilot_groups_tenant ON policy_pilot_groups (tenant_id);

CREATE TABLE tenant_release_approvals (
    tenant_id   text NOT NULL REFERENCES tenants (id),
    release_id  uuid NOT NULL REFERENCES releases (id),
    decision    text NOT NULL CHECK (decision IN ('approved', 'declined')),
    pilot_only  boolean NOT NULL DEFAULT false,
    decided_by  text NOT NULL,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, release_id)
);

-- The merge's stored answer for one (device, release); the device API reads it, never computes it.
CREATE TABLE release_windows (
    tenant_id      text NOT NULL REFERENCES tenants (id),
    device_id      uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    release_id     uuid NOT NULL REFERENCES releases (id),
    rollout_id     uuid REFERENCES rollouts (id),
    ring_position  integer NOT NULL,
    earliest_start timestamptz,
    window_start   timestamptz,
    window_end     timestamptz,   -- NULL: open-ended
    forecast       boolean NOT NULL DEFAULT false,
    reasons        jsonb NOT NULL DEFAULT '[]'::jsonb,
    computed_at    timestamptz NOT NULL,
    PRIMARY KEY (device_id, release_id)
);
CREATE INDEX release_windows_tenant ON release_windows (tenant_id, release_id);

CREATE TABLE device_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       text NOT NULL REFERENCES tenants (id),
    device_id       uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    release_id      uuid REFERENCES releases (id),
    rollout_id      uuid REFERENCES rollouts (id),
    client_event_id text,
    kind            text NOT NULL CHECK (kind IN ('offered', 'downloading', 'downloaded', 'installing', 'succeeded', 'failed', 'cancelled', 'silent')),
    detail          text,
    progress        integer CHECK (progress BETWEEN 0 AND 100),
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    UNIQUE (device_id, client_event_id)
);
CREATE INDEX device_events_tenant ON device_events (tenant_id, received_at);
CREATE INDEX device_events_rollout ON device_events (rollout_id, kind);

-- ---------------------------------------------------------------------------------------------------
-- Audit: append-only. tenant_id is NULL for vendor-wide changes.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text REFERENCES tenants (id),
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'device', 'system')),
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   text NOT NULL,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
