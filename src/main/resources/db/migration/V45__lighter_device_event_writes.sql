-- Device reports are the busiest writes of the service: when a maintenance window opens, a fleet reports within
-- minutes, one device_events row each (docs/benchmarks.md, 7 Dec 2026, near midnight). Every row paid for an
-- index that no query needs and for three foreign-key checks that repeat what the rows it is copied from hold.

-- A rollout's queries (rollout/RingHealthQuery, rollout/CohortControlQuery) read all of its events by device, which
-- device_events_rollout_device (rollout_id, device_id, occurred_at) serves. device_events_tenant stays: every
-- tenant table keeps an index that leads with tenant_id (SchemaTest).
DROP INDEX device_events_rollout;

-- An event's tenant, release and rollout are read in the transaction that writes it, from rows whose own foreign
-- keys hold them: its device's action for a report or an offer, the device and the rollout for a silence. No
-- tenant, release or rollout is ever deleted, and the history is append-only. The device's key stays: it removes
-- a device's history with the device.
ALTER TABLE device_events
    DROP CONSTRAINT device_events_tenant_id_fkey,
    DROP CONSTRAINT device_events_release_id_fkey,
    DROP CONSTRAINT device_events_rollout_id_fkey;
