-- Feed polling state, articles and their first-level grouping.
--
-- Times are timestamptz, written in UTC at microsecond precision. Go's zero
-- time is stored as '-infinity': it sorts and compares before every real
-- time (as the SQLite store's 0 does), so "never" needs no NULL handling in
-- queries, and it reads back as the zero time.

CREATE TABLE feed_state (
	feed_id       text PRIMARY KEY,
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	last_poll     timestamptz NOT NULL DEFAULT '-infinity',
	last_success  timestamptz NOT NULL DEFAULT '-infinity',
	next_poll     timestamptz NOT NULL DEFAULT '-infinity',
	failures      integer NOT NULL DEFAULT 0,
	last_error    text NOT NULL DEFAULT ''
);

CREATE TABLE articles (
	id        text PRIMARY KEY,
	feed_id   text NOT NULL,
	outlet    text NOT NULL,
	language  text NOT NULL DEFAULT '',
	url       text,                      -- NULL when there is none; '' is never stored
	title     text NOT NULL,
	body      text NOT NULL,
	published timestamptz NOT NULL,
	fetched   timestamptz NOT NULL,
	CONSTRAINT articles_url_not_empty CHECK (url <> '')
);
-- Articles are deduplicated by id and by URL; articles without one never collide.
CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_published ON articles (published);

CREATE TABLE assignments (
	seq        bigserial PRIMARY KEY,    -- save order, so grouping replays exactly
	article_id text NOT NULL UNIQUE,     -- an article keeps its first assignment
	thread_id  text NOT NULL
);
