-- Devices' own rows are kept in memory between polls (device/offer/DeviceRowsCache), so a change of a device's
-- installed versions must reach every replica like a change of its windows: the same
-- statement triggers name each device a statement changed (or its tenant, past 10,000 devices). Until now
-- nothing needed it: the decision cache compares the versions a device reports, and every poll read the rest.
--
-- The function V15 wrote for windows serves both tables, so it gets a name that says so (triggers refer to
-- a function by its identity, not its name).
ALTER FUNCTION notify_release_window_tenants() RENAME TO notify_changed_devices;

CREATE TRIGGER device_installed_versions_notify_insert AFTER INSERT ON device_installed_versions
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_devices();
CREATE TRIGGER device_installed_versions_notify_update AFTER UPDATE ON device_installed_versions
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_devices();
CREATE TRIGGER device_installed_versions_notify_delete AFTER DELETE ON device_installed_versions
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_devices();

-- An action opened names its device too (V9 named it only when an action opened or closed later): a replica
-- holding the device's rows would otherwise see no action for the offer another replica just made, and take
-- the locked path of a fresh offer to find it.
CREATE TRIGGER device_actions_notify_insert AFTER INSERT ON device_actions
    FOR EACH ROW EXECUTE FUNCTION notify_device_action();
