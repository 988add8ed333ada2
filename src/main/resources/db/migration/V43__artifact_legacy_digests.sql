-- The SHA-1 and MD5 that hawkBit agents check (SWUpdate compares SHA-1), kept with the artifact so every replica
-- answers a DDI deploymentBase from the database instead of reading the file once per replica. An upload computes
-- them on the way in with the SHA-256; a linked file gets them when a replica first fetches it (null until then),
-- and so does an upload stored before this version.
ALTER TABLE artifacts
    ADD COLUMN sha1 char(40) CHECK (sha1 ~ '^[0-9a-f]{40}$'),
    ADD COLUMN md5  char(32) CHECK (md5 ~ '^[0-9a-f]{32}$'),
    ADD CHECK ((sha1 IS NULL) = (md5 IS NULL));
