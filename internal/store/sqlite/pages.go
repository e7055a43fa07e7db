package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Page jobs are queued by SaveArticleBatches (queuePageSQL).

func (s *DB) ClaimPages(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]news.PageJob, error) {
	if limit <= 0 {
		return nil, nil
	}
	var jobs []news.PageJob
	// The transaction takes the write lock at BEGIN (_txlock=immediate), so
	// no other claim runs between the read and the leases.
	err := s.tx(ctx, "claim pages", func(tx *sql.Tx) error {
		jobs = nil
		rows, err := tx.QueryContext(ctx, `WITH due AS (
				SELECT article_id, feed_id, url, attempts, next_try,
					ROW_NUMBER() OVER (PARTITION BY feed_id ORDER BY next_try, article_id) AS turn
				FROM pages
				WHERE status IN ('pending', 'retry') AND next_try <= ? AND lease_until <= ?)
			SELECT d.article_id, d.feed_id, d.url, a.title, a.language,
				CASE WHEN a.text_source = 'page' THEN a.teaser ELSE a.body END, d.attempts
			FROM due d JOIN articles a ON a.id = d.article_id
			ORDER BY d.turn, d.next_try, d.article_id LIMIT ?`, toUnix(now), toUnix(now), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var j news.PageJob
			if err := rows.Scan(&j.ArticleID, &j.FeedID, &j.URL, &j.Title, &j.Language, &j.Teaser, &j.Attempts); err != nil {
				rows.Close()
				return err
			}
			jobs = append(jobs, j)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE pages SET lease_owner = ?, lease_until = ? WHERE article_id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, j := range jobs {
			if _, err := stmt.ExecContext(ctx, owner, toUnix(now.Add(lease)), j.ArticleID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return jobs, nil
}

func (s *DB) SavePages(ctx context.Context, rs []news.PageResult) error {
	if len(rs) == 0 {
		return nil
	}
	return s.tx(ctx, fmt.Sprintf("save %d pages", len(rs)), func(tx *sql.Tx) error {
		job, err := tx.PrepareContext(ctx, `UPDATE pages SET status = ?, attempts = ?, next_try = ?, last_error = ?, updated = ?,
				lease_owner = '', lease_until = 0
			WHERE article_id = ? AND status IN ('pending', 'retry')`)
		if err != nil {
			return err
		}
		defer job.Close()
		// SET expressions read the row as it was: the feed's text moves to
		// the teaser.
		text, err := tx.PrepareContext(ctx, `UPDATE articles SET teaser = body, body = ?, text_source = 'page'
			WHERE id = ? AND text_source <> 'page'`)
		if err != nil {
			return err
		}
		defer text.Close()
		for _, r := range rs {
			res, err := job.ExecContext(ctx, r.Status, r.Attempts, toUnix(r.NextTry), r.LastError, toUnix(r.At), r.ArticleID)
			if err != nil {
				return fmt.Errorf("page of %s: %w", r.ArticleID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 || r.Text == "" {
				continue
			}
			if _, err := text.ExecContext(ctx, r.Text, r.ArticleID); err != nil {
				return fmt.Errorf("text of %s: %w", r.ArticleID, err)
			}
		}
		return nil
	})
}

func (s *DB) ReleasePages(ctx context.Context, owner string) error {
	_, err := s.exec(ctx, `UPDATE pages SET lease_owner = '', lease_until = 0 WHERE lease_owner = ?`, owner)
	return wrap("release pages", err)
}

func (s *DB) PageCounts(ctx context.Context, since time.Time) (map[string]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT feed_id, status, COUNT(*) FROM pages WHERE updated >= ? GROUP BY feed_id, status`, toUnix(since))
	if err != nil {
		return nil, wrap("page counts", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var feed, status string
		var n int
		if err := rows.Scan(&feed, &status, &n); err != nil {
			return nil, wrap("page counts", err)
		}
		if out[feed] == nil {
			out[feed] = map[string]int{}
		}
		out[feed][status] = n
	}
	return out, wrap("page counts", rows.Err())
}

func (s *DB) Pages(ctx context.Context, articleIDs []string) ([]store.Page, error) {
	var out []store.Page
	// Chunked to stay under SQLite's bound-parameter limit.
	for start := 0; start < len(articleIDs); start += 500 {
		chunk := articleIDs[start:min(start+500, len(articleIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT article_id, feed_id, url, status, attempts, next_try, updated, last_error
			FROM pages WHERE article_id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, wrap("pages", err)
		}
		for rows.Next() {
			var p store.Page
			var next, updated int64
			if err := rows.Scan(&p.ArticleID, &p.FeedID, &p.URL, &p.Status, &p.Attempts, &next, &updated, &p.LastError); err != nil {
				rows.Close()
				return nil, wrap("pages", err)
			}
			p.NextTry, p.Updated = fromUnix(next), fromUnix(updated)
			out = append(out, p)
		}
		if err := rows.Close(); err != nil {
			return nil, wrap("pages", err)
		}
		if err := rows.Err(); err != nil {
			return nil, wrap("pages", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ArticleID < out[j].ArticleID })
	return out, nil
}

func (s *DB) RestorePages(ctx context.Context, pages []store.Page) error {
	if len(pages) == 0 {
		return nil
	}
	return s.tx(ctx, "restore pages", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO pages (article_id, feed_id, url, status, attempts, next_try, updated, last_error)
			SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?)
			ON CONFLICT (article_id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range pages {
			if _, err := stmt.ExecContext(ctx, p.ArticleID, p.FeedID, p.URL, p.Status, p.Attempts, toUnix(p.NextTry), toUnix(p.Updated),
				p.LastError, p.ArticleID); err != nil {
				return err
			}
		}
		return nil
	})
}
