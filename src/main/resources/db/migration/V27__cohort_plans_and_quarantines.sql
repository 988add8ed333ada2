-- Cohorts (issue 19): a ring plan may judge its rings per cohort, a cohort being the device's values of the plan's
-- cohort keys (well-known attributes only), stored comma-separated in their order. Empty: the plan judges rings as a
-- whole, as before.
ALTER TABLE ring_plans ADD COLUMN cohort_keys text NOT NULL DEFAULT ''
    CHECK (cohort_keys ~ '^((model|osBuild|region|agentVersion)(,(model|osBuild|region|agentVersion))*)?$');
ALTER TABLE ring_plans ADD COLUMN cohort_min_sample integer NOT NULL DEFAULT 10 CHECK (cohort_min_sample >= 1);
ALTER TABLE ring_plans ADD COLUMN cohort_failure text NOT NULL DEFAULT 'quarantine'
    CHECK (cohort_failure IN ('quarantine', 'halt'));
ALTER TABLE ring_plans ADD COLUMN coverage_min integer NOT NULL DEFAULT 0 CHECK (coverage_min >= 0);

-- A cohort that failed its gate under a quarantining plan: its devices are offered the release no more. Vendor data
-- (a rollout spans tenants), like the rollout itself, so no tenant column and no row-level policy. Lifting keeps the
-- row, with who lifted it and why: the history of a quarantine is part of the rollout's story.
CREATE TABLE rollout_cohort_quarantines (
    id             uuid PRIMARY KEY,
    rollout_id     uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    cohort         text NOT NULL,
    ring_position  integer NOT NULL,
    reason         text NOT NULL,
    quarantined_at timestamptz NOT NULL,
    lifted_at      timestamptz,
    lifted_by      text,
    lift_reason    text,
    CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
);
-- One standing quarantine per cohort of a rollout; a lifted one may fail and be quarantined again.
CREATE UNIQUE INDEX rollout_cohort_quarantines_standing ON rollout_cohort_quarantines (rollout_id, cohort)
    WHERE lifted_at IS NULL;

-- A quarantine or its lifting changes what the cohort's devices are told: the device caches forget the vendor facts,
-- as for any change of a rollout (V9).
CREATE TRIGGER rollout_cohort_quarantines_notify AFTER INSERT OR UPDATE OR DELETE ON rollout_cohort_quarantines
    FOR EACH STATEMENT EXECUTE FUNCTION notify_device_decisions();
