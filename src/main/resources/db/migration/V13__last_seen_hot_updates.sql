-- Last-seen times are written for every device that polled, in batches every few seconds (LastSeen): at
-- 100,000 devices that is every row, all the time. With an index on last_seen_at each of those updates wrote a
-- new entry into every index of devices (five) and bloated them; without it, and with room left on each page,
-- PostgreSQL updates the row in place (a HOT update) and touches no index. The index only served sorting the
-- console's device list by last contact, which a top-N sort over one tenant's rows does in tens of
-- milliseconds even at 100,000 devices.
DROP INDEX IF EXISTS devices_tenant_last_seen;
ALTER TABLE devices SET (fillfactor = 85);
