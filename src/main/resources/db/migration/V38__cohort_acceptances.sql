-- Cohorts (issue 19): a vendor user may accept the cohorts of later rings that the rings opened so far did not cover,
-- with a reason, so the ring passes on its own gate despite the shortfall. One row per accepted cohort and ring: an
-- acceptance holds for the ring it was given at, and the next ring's coverage is judged afresh. Vendor data, like the
-- quarantines (V27): no tenant column, no row-level policy.
CREATE TABLE rollout_cohort_acceptances (
    id            uuid PRIMARY KEY,
    rollout_id    uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    ring_position integer NOT NULL,
    cohort        text NOT NULL,
    finished      integer NOT NULL CHECK (finished >= 0),
    reason        text NOT NULL,
    accepted_by   text NOT NULL,
    accepted_at   timestamptz NOT NULL,
    UNIQUE (rollout_id, ring_position, cohort)
);
