-- The exact bytes a release's manifest signature covers. releases.manifest (jsonb) cannot give them back:
-- jsonb reorders keys and adds whitespace, and a signature verifies only over the very bytes signed.
ALTER TABLE releases ADD COLUMN manifest_canonical text;
ALTER TABLE releases ADD CONSTRAINT releases_manifest_complete
    CHECK ((manifest IS NULL) = (manifest_canonical IS NULL) AND (manifest IS NULL) = (manifest_signature IS NULL));
