-- A tenant admin who declines a release may say why, so the next admin reading the list knows.
ALTER TABLE tenant_release_approvals ADD COLUMN reason text CHECK (char_length(reason) <= 500);
