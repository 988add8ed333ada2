-- The vendor's own devices first (issue 19). A tenant flagged internal is the vendor's own fleet: its devices sit in
-- ring 0 of every plan whatever their bucket. Only the vendor sets the flag (tenants may read their own row, but
-- the row-level policy already lets only vendor sessions write it).
ALTER TABLE tenants ADD COLUMN internal boolean NOT NULL DEFAULT false;

-- A plan may run an internal ring before its customer rings: stored as the plan's ring at position 0, flagged
-- internal. It holds no bucket share (only internal devices are placed in it), so its share is 0 where every
-- customer ring's share stays in (0, 1].
ALTER TABLE rings ADD COLUMN internal boolean NOT NULL DEFAULT false;
ALTER TABLE rings DROP CONSTRAINT rings_cumulative_share_check;
ALTER TABLE rings ADD CONSTRAINT rings_share_or_internal CHECK (CASE WHEN internal THEN position = 0 AND cumulative_share = 0
    ELSE cumulative_share > 0 AND cumulative_share <= 1 END);
