-- Signed webhooks (docs/webhooks.md). A subscription belongs to one tenant, or to the vendor when tenant_id is null;
-- row-level security then shows it only to vendor staff and system jobs. Events are written to webhook_events (the
-- outbox) in the transaction of the change that causes them, together with one pending delivery per subscription
-- that wants them, so a rolled-back change leaves neither and a committed one is delivered even after a crash.

CREATE TABLE webhook_subscriptions (
    id           uuid PRIMARY KEY,
    tenant_id    text REFERENCES tenants (id),
    url          text NOT NULL,
    -- The event type keys it receives (EventType.key), comma-separated.
    event_types  text NOT NULL,
    -- HMAC needs the secret itself, so unlike tokens it cannot be stored as a hash.
    secret       text NOT NULL,
    description  text,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (tenant_id, created_at);

CREATE TABLE webhook_events (
    id           uuid PRIMARY KEY,
    tenant_id    text REFERENCES tenants (id),
    type         text NOT NULL,
    subject      text,
    data         jsonb NOT NULL,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX webhook_events_owner ON webhook_events (tenant_id, occurred_at);

CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    tenant_id        text REFERENCES tenants (id),
    event_id         uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    finished_at      timestamptz,
    UNIQUE (event_id, subscription_id)
);
-- The dispatcher's queue: only pending rows, in due order.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_owner ON webhook_deliveries (tenant_id, subscription_id);

CREATE TABLE webhook_attempts (
    id               bigserial PRIMARY KEY,
    tenant_id        text REFERENCES tenants (id),
    delivery_id      bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    attempt          int NOT NULL,
    attempted_at     timestamptz NOT NULL,
    status_code      int,
    latency_ms       bigint NOT NULL,
    error            text
);
CREATE INDEX webhook_attempts_log ON webhook_attempts (tenant_id, subscription_id, attempted_at DESC, id DESC);

DO $$
DECLARE
    webhook_table text;
BEGIN
    FOREACH webhook_table IN ARRAY ARRAY['webhook_subscriptions', 'webhook_events', 'webhook_deliveries', 'webhook_attempts']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', webhook_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', webhook_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (app_all_tenants() OR tenant_id = app_tenant()) '
                       'WITH CHECK (app_all_tenants() OR tenant_id = app_tenant())', webhook_table);
    END LOOP;
END;
$$;
