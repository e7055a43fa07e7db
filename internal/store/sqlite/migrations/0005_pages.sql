-- Article pages: when a feed gives only a teaser, the page the item links
-- to is fetched once and the article's text taken from it; the feed's text
-- is kept as the teaser. Old rows read as the feed's text.
ALTER TABLE articles ADD COLUMN teaser TEXT NOT NULL DEFAULT '';      -- the feed's text when body came from the page
ALTER TABLE articles ADD COLUMN text_source TEXT NOT NULL DEFAULT ''; -- where body came from: '' (the feed) or 'page'

-- One job per article whose page is wanted, queued when the article is
-- first saved. Only pending and retry jobs are claimed; the rest are final.
CREATE TABLE pages (
	article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	feed_id     TEXT NOT NULL,
	url         TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'retry', 'ok', 'kept', 'failed', 'robots')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_try    INTEGER NOT NULL DEFAULT 0,   -- when a pending or retry job is due
	updated     INTEGER NOT NULL DEFAULT 0,   -- when it was queued or last tried
	last_error  TEXT NOT NULL DEFAULT '',
	lease_owner TEXT NOT NULL DEFAULT '',     -- the instance working on it, until lease_until
	lease_until INTEGER NOT NULL DEFAULT 0
);
-- Due jobs are claimed oldest first.
CREATE INDEX pages_due ON pages(next_try, article_id) WHERE status IN ('pending', 'retry');
-- Page health counts recent outcomes.
CREATE INDEX pages_updated ON pages(updated);
-- A shutdown releases its own leases.
CREATE INDEX pages_leased ON pages(lease_owner) WHERE lease_owner <> '';
