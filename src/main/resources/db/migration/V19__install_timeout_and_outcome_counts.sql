-- Issue 22: the gates judge what really happened on devices.
--
-- A ring's install timeout: a device that keeps checking in but has not finished its install this long after it
-- was offered the release counts as stuck, a failure. Existing plans get the default of two hours.
ALTER TABLE rings ADD COLUMN install_timeout_seconds bigint NOT NULL DEFAULT 7200
    CHECK (install_timeout_seconds > 0);

-- The health time series keeps the new counts: stuck installs, successes that fell back to the old version
-- (reverted), and reported successes not yet confirmed by a check-in running the new version.
ALTER TABLE ring_health_samples
    ADD COLUMN stuck       integer NOT NULL DEFAULT 0,
    ADD COLUMN reverted    integer NOT NULL DEFAULT 0,
    ADD COLUMN unconfirmed integer NOT NULL DEFAULT 0;

