-- Subscribers and the outbox of messages to send them.

CREATE TABLE subscribers (
	chat_id     bigint PRIMARY KEY,
	thread_id   integer NOT NULL DEFAULT 0,        -- forum topic; 0 for none
	kind        text NOT NULL DEFAULT 'private',
	title       text NOT NULL DEFAULT '',
	topics      text[] NOT NULL DEFAULT '{}',     -- followed topic ids
	keywords    text[] NOT NULL DEFAULT '{}',     -- followed keyword phrases
	schedule    text NOT NULL DEFAULT '',          -- 5-field cron spec built from validated fields
	timezone    text NOT NULL DEFAULT 'UTC',
	active      boolean NOT NULL DEFAULT true,
	last_digest timestamptz NOT NULL DEFAULT '-infinity',
	created     timestamptz NOT NULL DEFAULT '-infinity'
);

CREATE TABLE outbox (
	id           bigserial PRIMARY KEY,
	key          text NOT NULL UNIQUE,             -- idempotency: chat, digest run, part
	chat_id      bigint NOT NULL,
	thread_id    integer NOT NULL DEFAULT 0,
	text         text NOT NULL,
	html         boolean NOT NULL DEFAULT true,
	markup       text NOT NULL DEFAULT '',         -- reply markup, JSON
	status       text NOT NULL DEFAULT 'pending',
	attempts     integer NOT NULL DEFAULT 0,
	next_attempt timestamptz NOT NULL DEFAULT '-infinity',
	last_error   text NOT NULL DEFAULT '',
	created      timestamptz NOT NULL,
	sent         timestamptz NOT NULL DEFAULT '-infinity',
	-- Reserved for delivery by several instances: a sender will claim due
	-- messages with FOR UPDATE SKIP LOCKED and lease them until this time.
	-- Unused so far.
	lease_until  timestamptz NOT NULL DEFAULT '-infinity',
	CONSTRAINT outbox_status CHECK (status IN ('pending', 'sent', 'failed'))
);
-- Due messages are taken oldest first among the pending ones.
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
-- Moving or deleting a chat touches only its pending messages.
CREATE INDEX outbox_pending_chat ON outbox (chat_id) WHERE status = 'pending';
-- Prune drops settled messages by age.
CREATE INDEX outbox_settled ON outbox (created) WHERE status <> 'pending';
