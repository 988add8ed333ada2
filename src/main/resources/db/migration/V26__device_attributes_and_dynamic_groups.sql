-- Device attributes (issue 19): a dynamic group is defined by an attribute filter instead of a hand-picked list.
-- Its members are still rows of group_memberships, kept by the application (tenancy/DynamicGroups) whenever the
-- filter or a device's attributes change, so that everything reading memberships (the planner's pilot devices,
-- the fleet filter, previews) treats both kinds of group alike.
ALTER TABLE device_groups ADD COLUMN attribute_filter jsonb
    CHECK (attribute_filter IS NULL OR (jsonb_typeof(attribute_filter) = 'object' AND attribute_filter <> '{}'::jsonb));

-- The fleet filter and dynamic groups ask "attributes contain these pairs" (@>).
CREATE INDEX devices_attributes ON devices USING gin (attributes jsonb_path_ops);

-- A device's stored attributes are remembered on the device path (device/KnownAttributes) so that a check-in that
-- repeats them writes nothing; a change by any writer on any replica names the device, like a change of its rows.
CREATE FUNCTION notify_device_attributes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ringmaster_device_decisions', 'device:' || NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER devices_attributes_notify AFTER UPDATE OF attributes ON devices
    FOR EACH ROW WHEN (OLD.attributes IS DISTINCT FROM NEW.attributes) EXECUTE FUNCTION notify_device_attributes();
