-- The gate's verdict history, per ring of a rollout (docs/rollouts.md). The reconciler writes a row when a ring's
-- verdict differs from its last one (a waiting ring is judged every pass; copies of the same verdict would bury the
-- changes). Like ring_health_samples it is the vendor's view over all tenants, so it carries no tenant_id.
CREATE TABLE gate_verdicts (
    rollout_id  uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    decided_at  timestamptz NOT NULL,
    verdict     text NOT NULL CHECK (verdict IN ('pass', 'wait', 'halt', 'hold')),
    -- The gate's reasons, each with its numbers, joined by "; " as in the audit log.
    reasons     text NOT NULL,
    offered     integer NOT NULL,
    finished    integer NOT NULL,
    failures    integer NOT NULL,
    silent      integer NOT NULL,
    PRIMARY KEY (rollout_id, position, decided_at)
);
