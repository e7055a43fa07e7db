CREATE TABLE feed_state (
	feed_id       TEXT PRIMARY KEY,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_poll     INTEGER NOT NULL DEFAULT 0,
	last_success  INTEGER NOT NULL DEFAULT 0,
	next_poll     INTEGER NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE articles (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	id        TEXT NOT NULL UNIQUE,
	feed_id   TEXT NOT NULL,
	outlet    TEXT NOT NULL,
	language  TEXT NOT NULL DEFAULT '',
	url       TEXT,
	title     TEXT NOT NULL,
	body      TEXT NOT NULL,
	published INTEGER NOT NULL,
	fetched   INTEGER NOT NULL
);
-- NULL URLs do not collide; empty ones are stored as NULL.
CREATE UNIQUE INDEX articles_url ON articles(url);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE assignments (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id TEXT NOT NULL UNIQUE,
	thread_id  TEXT NOT NULL
);
