-- Window recomputation asks which devices run, or have an action for, a halted release of a product
-- (schedule/store/FleetReader.halted): devices on a rolled-back version are planned for the rollback release,
-- and a device with an open action for a halted release keeps a row for it. A product keeps its halted releases
-- for ever, so these lookups run on every refresh of such a product; without these indexes each is a scan of
-- the whole table (the existing indexes lead with tenant_id, and a refresh covers every tenant).
CREATE INDEX device_actions_release ON device_actions (release_id);
CREATE INDEX device_installed_versions_product_version ON device_installed_versions (product_id, version);
