-- Leases let several instances share the work: a chat's outbox messages
-- are sent by the instance holding its lease, a feed is polled by the
-- instance holding its lease. A crashed instance's leases expire.
CREATE TABLE chat_leases (
	chat_id bigint PRIMARY KEY,
	owner   text NOT NULL,
	until   timestamptz NOT NULL
);
ALTER TABLE feed_state
	ADD COLUMN lease_owner text NOT NULL DEFAULT '',
	ADD COLUMN lease_until timestamptz NOT NULL DEFAULT '-infinity';
