-- A DDI poll decides whether to link configData from memory (device/ConfigDataStamps): when the device last sent
-- its attributes and when an operator last asked for them must reach every replica like a change of the device's
-- rows. (The third input, an update finished, names the device already: V9, an action closing.)
CREATE TRIGGER devices_config_data_notify AFTER UPDATE OF config_data_at, config_data_requested_at ON devices
    FOR EACH ROW WHEN (OLD.config_data_at IS DISTINCT FROM NEW.config_data_at
                       OR OLD.config_data_requested_at IS DISTINCT FROM NEW.config_data_requested_at)
    EXECUTE FUNCTION notify_device_attributes();
