-- hawkBit semantics on the DDI adapter (issue 22).
--
-- Two event kinds that never move an action: 'rejected' (the device declined the update or its cancellation,
-- or could not cancel: a warning, the install goes on) and 'note' (a message that says nothing about progress:
-- scheduled, resumed, a cancellation still under way). Every message an agent sends is kept in its history.
ALTER TABLE device_events DROP CONSTRAINT device_events_kind_check;
ALTER TABLE device_events ADD CONSTRAINT device_events_kind_check
    CHECK (kind IN ('offered', 'downloading', 'downloaded', 'installing', 'succeeded', 'failed', 'cancelled', 'silent',
                    'rejected', 'note'));

-- When the device last sent its attributes over DDI (configData), and when an operator last asked for them:
-- the poll links configData only when Ringmaster wants attributes (never sent, asked for since, or an update
-- since), so agents that answer the link on every poll do not write (and audit) on every poll.
ALTER TABLE devices ADD COLUMN config_data_at timestamptz;
ALTER TABLE devices ADD COLUMN config_data_requested_at timestamptz;
