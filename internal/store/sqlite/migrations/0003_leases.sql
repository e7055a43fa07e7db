-- Leases let several instances share the work: a chat's outbox messages
-- are sent by the instance holding its lease, a feed is polled by the
-- instance holding its lease. A crashed instance's leases expire.
CREATE TABLE chat_leases (
	chat_id INTEGER PRIMARY KEY,
	owner   TEXT NOT NULL,
	until   INTEGER NOT NULL
);
ALTER TABLE feed_state ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_state ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
