-- Issue 17: enrolling an enrolled device again needs proof, and keys can be held to device ids.
--
-- A tenant admin's re-provisioning lets the next enrollment of the device's id through without its current token,
-- until this time; that enrollment clears it.
ALTER TABLE devices ADD COLUMN reprovision_until timestamptz;

-- Glob patterns ('*' any run, '?' one character) a device id must match to enroll with the key; null: any id.
ALTER TABLE enrollment_keys ADD COLUMN device_id_patterns jsonb
    CHECK (device_id_patterns IS NULL OR jsonb_typeof(device_id_patterns) = 'array');
