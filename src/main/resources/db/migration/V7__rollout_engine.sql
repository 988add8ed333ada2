-- The rollout engine's persistence: what the gate needs that V1 did not store, and the rules the database
-- keeps even if two service instances act on the same rollout at once.

-- Finished devices needed before a failure rate may halt the rollout (GateRule.minReportsForHalt).
ALTER TABLE rings ADD COLUMN gate_min_reports_for_halt integer NOT NULL DEFAULT 10
    CHECK (gate_min_reports_for_halt >= 1);

-- A rollout is an emergency release when its plan was an emergency plan at creation; kept on the rollout so
-- that a later plan edit cannot change what it needs to start.
ALTER TABLE rollouts ADD COLUMN emergency boolean NOT NULL DEFAULT false;

-- One rollout that has not ended per release: a release goes through one plan at a time.
CREATE UNIQUE INDEX rollouts_one_active_per_release ON rollouts (release_id)
    WHERE state IN ('scheduled', 'running', 'paused', 'on_hold');

-- Ring health charts read the series of one rollout in time order.
CREATE INDEX ring_health_samples_time ON ring_health_samples (rollout_id, sampled_at);

-- Health counts the rollout's events per device; the newest event of a device decides where it stands.
CREATE INDEX device_events_rollout_device ON device_events (rollout_id, device_id, occurred_at);
CREATE INDEX release_windows_rollout_ring ON release_windows (rollout_id, ring_position);
