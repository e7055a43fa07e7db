package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Page jobs are queued by SaveArticles.

// ClaimPages leases the due jobs in one statement: the rows are locked
// FOR UPDATE SKIP LOCKED, so instances claiming at once take different
// jobs, and a row another claim has just leased is re-checked and left.
func (db *DB) ClaimPages(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]news.PageJob, error) {
	if limit <= 0 {
		return nil, nil
	}
	// FOR UPDATE cannot go with a window function: the turns are counted
	// first, and the rows locked after.
	rows, err := db.pool.Query(ctx, `WITH turns AS (
			SELECT article_id, ROW_NUMBER() OVER (PARTITION BY feed_id ORDER BY next_try, article_id COLLATE "C") AS turn
			FROM pages
			WHERE status IN ('pending', 'retry') AND next_try <= $3 AND lease_until <= $3),
		due AS (
			SELECT p.article_id, t.turn FROM pages p JOIN turns t USING (article_id)
			WHERE p.status IN ('pending', 'retry') AND p.next_try <= $3 AND p.lease_until <= $3
			ORDER BY t.turn, p.next_try, p.article_id COLLATE "C"
			LIMIT $4
			FOR UPDATE OF p SKIP LOCKED)
		UPDATE pages p SET lease_owner = $1, lease_until = $2
		FROM due, articles a
		WHERE p.article_id = due.article_id AND a.id = p.article_id
		RETURNING p.article_id, p.feed_id, p.url, a.title, a.language,
			CASE WHEN a.text_source = 'page' THEN a.teaser ELSE a.body END, p.attempts, p.next_try, due.turn`,
		owner, tstz(now.Add(lease)), tstz(now), limit)
	if err != nil {
		return nil, db.wrap("claim pages", err)
	}
	defer rows.Close()
	type claimed struct {
		job  news.PageJob
		next time.Time
		turn int64
	}
	var got []claimed
	for rows.Next() {
		var c claimed
		j := &c.job
		if err := rows.Scan(&j.ArticleID, &j.FeedID, &j.URL, &j.Title, &j.Language, &j.Teaser, &j.Attempts, (*tstz)(&c.next), &c.turn); err != nil {
			return nil, db.wrap("claim pages", err)
		}
		got = append(got, c)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap("claim pages", err)
	}
	// RETURNING keeps no order: the feeds in turn again.
	slices.SortFunc(got, func(a, b claimed) int {
		return cmp.Or(cmp.Compare(a.turn, b.turn), a.next.Compare(b.next), cmp.Compare(a.job.ArticleID, b.job.ArticleID))
	})
	jobs := make([]news.PageJob, len(got))
	for i, c := range got {
		jobs[i] = c.job
	}
	return jobs, nil
}

func (db *DB) SavePages(ctx context.Context, rs []news.PageResult) error {
	if len(rs) == 0 {
		return nil
	}
	return db.tx(ctx, fmt.Sprintf("save %d pages", len(rs)), func(tx pgx.Tx) error {
		var b pgx.Batch
		for _, r := range rs {
			b.Queue(`UPDATE pages SET status = $1, attempts = $2, next_try = $3, last_error = $4, updated = $5,
					lease_owner = '', lease_until = '-infinity'
				WHERE article_id = $6 AND status IN ('pending', 'retry')`,
				r.Status, r.Attempts, tstz(r.NextTry), r.LastError, tstz(r.At), r.ArticleID)
			if r.Text == "" {
				continue
			}
			// Only when the job was still open, as the statement before
			// leaves it; SET expressions read the row as it was: the
			// feed's text moves to the teaser.
			b.Queue(`UPDATE articles SET teaser = body, body = $1, text_source = 'page'
				WHERE id = $2 AND text_source <> 'page'
					AND EXISTS (SELECT 1 FROM pages WHERE article_id = $2 AND status = $3 AND updated = $4 AND lease_owner = '')`,
				r.Text, r.ArticleID, r.Status, tstz(r.At))
		}
		return tx.SendBatch(ctx, &b).Close()
	})
}

func (db *DB) ReleasePages(ctx context.Context, owner string) error {
	_, err := db.pool.Exec(ctx, `UPDATE pages SET lease_owner = '', lease_until = '-infinity' WHERE lease_owner = $1`, owner)
	return db.wrap("release pages", err)
}

func (db *DB) PageCounts(ctx context.Context, since time.Time) (map[string]map[string]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT feed_id, status, count(*) FROM pages WHERE updated >= $1 GROUP BY feed_id, status`, tstz(since))
	if err != nil {
		return nil, db.wrap("page counts", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var feed, status string
		var n int
		if err := rows.Scan(&feed, &status, &n); err != nil {
			return nil, db.wrap("page counts", err)
		}
		if out[feed] == nil {
			out[feed] = map[string]int{}
		}
		out[feed][status] = n
	}
	return out, db.wrap("page counts", rows.Err())
}

// Pages orders by article ID byte by byte (COLLATE "C"), as SQLite does.
func (db *DB) Pages(ctx context.Context, articleIDs []string) ([]store.Page, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT article_id, feed_id, url, status, attempts, next_try, updated, last_error
		FROM pages WHERE article_id = ANY($1::text[]) ORDER BY article_id COLLATE "C"`, articleIDs)
	if err != nil {
		return nil, db.wrap("pages", err)
	}
	defer rows.Close()
	var out []store.Page
	for rows.Next() {
		var p store.Page
		if err := rows.Scan(&p.ArticleID, &p.FeedID, &p.URL, &p.Status, &p.Attempts, (*tstz)(&p.NextTry), (*tstz)(&p.Updated),
			&p.LastError); err != nil {
			return nil, db.wrap("pages", err)
		}
		out = append(out, p)
	}
	return out, db.wrap("pages", rows.Err())
}

func (db *DB) RestorePages(ctx context.Context, pages []store.Page) error {
	if len(pages) == 0 {
		return nil
	}
	n := len(pages)
	ids, feeds, urls, statuses, errs := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	attempts := make([]int, n)
	next, updated := make([]tstz, n), make([]tstz, n)
	for i, p := range pages {
		ids[i], feeds[i], urls[i], statuses[i], errs[i] = p.ArticleID, p.FeedID, p.URL, p.Status, p.LastError
		attempts[i], next[i], updated[i] = p.Attempts, tstz(p.NextTry), tstz(p.Updated)
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO pages (article_id, feed_id, url, status, attempts, next_try, updated, last_error)
		SELECT p.article_id, p.feed_id, p.url, p.status, p.attempts, p.next_try, p.updated, p.last_error
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::timestamptz[], $7::timestamptz[], $8::text[])
			AS p(article_id, feed_id, url, status, attempts, next_try, updated, last_error)
		WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id)
		ON CONFLICT (article_id) DO NOTHING`,
		ids, feeds, urls, statuses, attempts, next, updated, errs)
	return db.wrap("restore pages", err)
}
