-- Article pages: when a feed gives only a teaser, the page the item links
-- to is fetched once and the article's text taken from it; the feed's text
-- is kept as the teaser. Old rows read as the feed's text (constant
-- defaults: no table rewrite).
ALTER TABLE articles
	ADD COLUMN teaser      text NOT NULL DEFAULT '',  -- the feed's text when body came from the page
	ADD COLUMN text_source text NOT NULL DEFAULT '';  -- where body came from: '' (the feed) or 'page'

-- One job per article whose page is wanted, queued when the article is
-- first saved. Only pending and retry jobs are claimed; the rest are final.
CREATE TABLE pages (
	article_id  text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	feed_id     text NOT NULL,
	url         text NOT NULL,
	status      text NOT NULL DEFAULT 'pending',
	attempts    integer NOT NULL DEFAULT 0,
	next_try    timestamptz NOT NULL DEFAULT '-infinity',  -- when a pending or retry job is due
	updated     timestamptz NOT NULL DEFAULT '-infinity',  -- when it was queued or last tried
	last_error  text NOT NULL DEFAULT '',
	lease_owner text NOT NULL DEFAULT '',                   -- the instance working on it, until lease_until
	lease_until timestamptz NOT NULL DEFAULT '-infinity',
	CONSTRAINT pages_status CHECK (status IN ('pending', 'retry', 'ok', 'kept', 'failed', 'robots'))
);
-- Due jobs are claimed oldest first (ties by article ID, byte order as in
-- SQLite).
CREATE INDEX pages_due ON pages (next_try, article_id COLLATE "C") WHERE status IN ('pending', 'retry');
-- Page health counts recent outcomes.
CREATE INDEX pages_updated ON pages (updated);
-- A shutdown releases its own leases.
CREATE INDEX pages_leased ON pages (lease_owner) WHERE lease_owner <> '';
