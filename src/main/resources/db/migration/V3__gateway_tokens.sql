-- A tenant-wide gateway token (hawkBit's GatewayToken): one per tenant at most, off until a tenant admin
-- creates one, stored only as its SHA-256. A gateway holding it may speak for any device of its tenant.
CREATE TABLE gateway_tokens (
    tenant_id   text PRIMARY KEY REFERENCES tenants (id),
    token_hash  text NOT NULL UNIQUE,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL
);

ALTER TABLE gateway_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE gateway_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gateway_tokens USING (app_all_tenants() OR tenant_id = app_tenant())
    WITH CHECK (app_all_tenants() OR tenant_id = app_tenant());
