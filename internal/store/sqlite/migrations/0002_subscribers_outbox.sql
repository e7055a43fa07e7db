CREATE TABLE subscribers (
	chat_id      INTEGER PRIMARY KEY,
	thread_id    INTEGER NOT NULL DEFAULT 0,
	kind         TEXT NOT NULL DEFAULT 'private',
	title        TEXT NOT NULL DEFAULT '',
	topics       TEXT NOT NULL DEFAULT '',   -- comma-separated topic ids
	keywords     TEXT NOT NULL DEFAULT '',   -- newline-separated keyword phrases
	schedule     TEXT NOT NULL DEFAULT '',   -- 5-field cron spec built from validated fields
	timezone     TEXT NOT NULL DEFAULT 'UTC',
	active       INTEGER NOT NULL DEFAULT 1,
	last_digest  INTEGER NOT NULL DEFAULT 0,
	created      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	key          TEXT NOT NULL UNIQUE,       -- idempotency: chat, digest run, part
	chat_id      INTEGER NOT NULL,
	thread_id    INTEGER NOT NULL DEFAULT 0,
	text         TEXT NOT NULL,
	html         INTEGER NOT NULL DEFAULT 1,
	markup       TEXT NOT NULL DEFAULT '',   -- reply markup, JSON
	status       TEXT NOT NULL DEFAULT 'pending', -- pending, sent, failed
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	created      INTEGER NOT NULL,
	sent         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox(status, next_attempt, id);
