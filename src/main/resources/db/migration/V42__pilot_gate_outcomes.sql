-- The tenant pilot gate's last outcome per tenant and release (docs/webhooks.md, "Pilot gate events"). The gate is
-- derived afresh at every window recomputation; this row is what the next recomputation compares with, so a change
-- of outcome is noticed once and its webhook event written in the same transaction. The recomputation updates a row
-- only where the outcome differs (ON CONFLICT ... WHERE outcome <> new), so two replicas recomputing the same product
-- cannot both see the same transition.
CREATE TABLE pilot_gate_outcomes (
    tenant_id   text NOT NULL REFERENCES tenants (id),
    release_id  uuid NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    outcome     text NOT NULL CHECK (outcome IN ('pending', 'passed', 'failed')),
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, release_id)
);

ALTER TABLE pilot_gate_outcomes ENABLE ROW LEVEL SECURITY;
ALTER TABLE pilot_gate_outcomes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pilot_gate_outcomes
    USING ((SELECT app_all_tenants()) OR tenant_id = (SELECT app_tenant()))
    WITH CHECK ((SELECT app_all_tenants()) OR tenant_id = (SELECT app_tenant()));
