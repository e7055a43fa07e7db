// Package postgres is the store for running several instances against one
// PostgreSQL database, through pgx's native pool.
//
// Times are timestamptz in UTC. PostgreSQL keeps microseconds, so times are
// truncated to the microsecond on write and come back in UTC; the zero time
// is stored as '-infinity', which compares before every real time as the
// SQLite store's 0 does. Lists are text[].
package postgres // import "github.com/newsdigest/newsdigest/internal/store/postgres"

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the pg_advisory_xact_lock key held while migrating, so
// that instances starting together migrate one after the other.
const migrationLock int64 = 0x6e64_6d69_6772_6174 // "ndmigrat"

// DB is a store.Store backed by a PostgreSQL database.
type DB struct {
	pool    *pgxpool.Pool
	applied int // migrations this Open applied
}

var _ store.Store = (*DB)(nil)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string, with pgxpool's pool_* settings) and applies any pending
// migrations. The tables live in the connection's current schema, so a
// search_path in the DSN (options=-c search_path=...) selects where.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	db := &DB{pool: pool}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations by version; files are named
// NNNN_description.sql.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: name must start with a positive version number", base)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("store: migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies pending migrations in version order, each in its own
// transaction holding the migration lock; it records them in
// schema_migrations. Instances starting at once wait for each other, and
// the one that gets the lock second finds the work done.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	for {
		var next *migration
		err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    integer PRIMARY KEY,
				applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
				return err
			}
			rows, _ := tx.Query(ctx, `SELECT version FROM schema_migrations`)
			applied, err := pgx.CollectRows(rows, pgx.RowTo[int])
			if err != nil {
				return err
			}
			done := map[int]bool{}
			for _, v := range applied {
				if !known[v] {
					return fmt.Errorf("schema version %d is newer than this binary's %d", v, ms[len(ms)-1].version)
				}
				done[v] = true
			}
			for i := range ms {
				if !done[ms[i].version] {
					next = &ms[i]
					break
				}
			}
			if next == nil {
				return nil
			}
			if _, err := tx.Exec(ctx, next.sql); err != nil {
				return fmt.Errorf("migration %s: %w", next.name, err)
			}
			_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())`, next.version)
			return err
		})
		if err != nil {
			return db.wrap("migrate", err)
		}
		if next == nil {
			return nil
		}
		db.applied++
	}
}

// SchemaVersion returns the newest migration recorded in
// schema_migrations (0 for none). After Open it is the binary's latest.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, db.wrap("schema version", err)
	}
	return v, nil
}

// Applied returns how many migrations Open applied (0 when the schema was
// already up to date).
func (db *DB) Applied() int { return db.applied }

// Close closes the pool, waiting for queries in flight; later calls fail
// with store.ErrClosed.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

func (db *DB) Ping(ctx context.Context) error {
	return db.wrap("ping", db.pool.Ping(ctx))
}

func (db *DB) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, puddle.ErrClosedPool) {
		return fmt.Errorf("store: %s: %w", op, store.ErrClosed)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// tx runs fn in a transaction.
func (db *DB) tx(ctx context.Context, op string, fn func(pgx.Tx) error) error {
	return db.wrap(op, pgx.BeginFunc(ctx, db.pool, fn))
}

func (db *DB) FeedStates(ctx context.Context) (map[string]news.FeedState, error) {
	rows, err := db.pool.Query(ctx, `SELECT feed_id, etag, last_modified, last_poll, last_success, next_poll, failures, last_error FROM feed_state`)
	if err != nil {
		return nil, db.wrap("feed states", err)
	}
	defer rows.Close()
	out := map[string]news.FeedState{}
	for rows.Next() {
		var st news.FeedState
		if err := rows.Scan(&st.FeedID, &st.ETag, &st.LastModified, (*tstz)(&st.LastPoll), (*tstz)(&st.LastSuccess),
			(*tstz)(&st.NextPoll), &st.Failures, &st.LastError); err != nil {
			return nil, db.wrap("feed states", err)
		}
		out[st.FeedID] = st
	}
	return out, db.wrap("feed states", rows.Err())
}

func (db *DB) SaveFeedState(ctx context.Context, st news.FeedState) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO feed_state (feed_id, etag, last_modified, last_poll, last_success, next_poll, failures, last_error)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (feed_id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			last_poll = excluded.last_poll, last_success = excluded.last_success, next_poll = excluded.next_poll,
			failures = excluded.failures, last_error = excluded.last_error, lease_owner = '', lease_until = '-infinity'`,
		st.FeedID, st.ETag, st.LastModified, tstz(st.LastPoll), tstz(st.LastSuccess), tstz(st.NextPoll), st.Failures, st.LastError)
	return db.wrap("save feed state "+st.FeedID, err)
}

// saveArticlesChunk bounds the rows sent in one statement.
const saveArticlesChunk = 2000

// SaveArticles inserts the articles with one INSERT … SELECT FROM unnest(…)
// per chunk of rows, all in one transaction. Rows go in slice order, so of
// two new articles sharing a URL the first is kept, as in the SQLite store.
// The same statement queues the page jobs of the new articles that want
// one.
func (db *DB) SaveArticles(ctx context.Context, articles []news.Article) (int, error) {
	if len(articles) == 0 {
		return 0, nil
	}
	added := 0
	seen := map[string]bool{} // IDs met in earlier rows: a later duplicate is never the one stored
	err := db.tx(ctx, "save articles", func(tx pgx.Tx) error {
		for chunk := range slices.Chunk(articles, saveArticlesChunk) {
			n := len(chunk)
			ids, feeds, outlets, langs, urls := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			titles, bodies, teasers, sources := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			published, fetched := make([]tstz, n), make([]tstz, n)
			var want []string // the IDs whose page to queue if the row is stored
			for i, a := range chunk {
				ids[i], feeds[i], outlets[i], langs[i], urls[i] = a.ID, a.FeedID, a.Outlet, a.Language, a.URL
				titles[i], bodies[i], teasers[i], sources[i] = a.Title, a.Text, a.Teaser, a.TextSource
				published[i], fetched[i] = tstz(a.Published), tstz(a.Fetched)
				if !seen[a.ID] {
					seen[a.ID] = true
					if a.WantPage && a.URL != "" {
						want = append(want, a.ID)
					}
				}
			}
			var stored int
			err := tx.QueryRow(ctx, `WITH added AS (
					INSERT INTO articles (id, feed_id, outlet, language, url, title, body, teaser, text_source, published, fetched)
					SELECT id, feed_id, outlet, language, NULLIF(url, ''), title, body, teaser, text_source, published, fetched
					FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
						$8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[])
						WITH ORDINALITY AS a(id, feed_id, outlet, language, url, title, body, teaser, text_source, published, fetched, ord)
					ORDER BY ord
					ON CONFLICT DO NOTHING
					RETURNING id, feed_id, url, fetched),
				queued AS (
					INSERT INTO pages (article_id, feed_id, url, next_try, updated)
					SELECT id, feed_id, url, fetched, fetched FROM added WHERE url IS NOT NULL AND id = ANY($12::text[])
					ON CONFLICT (article_id) DO NOTHING)
				SELECT count(*) FROM added`,
				ids, feeds, outlets, langs, urls, titles, bodies, teasers, sources, published, fetched, list(want)).Scan(&stored)
			if err != nil {
				return err
			}
			added += stored
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func (db *DB) Articles(ctx context.Context, from, to time.Time) ([]news.Article, error) {
	var end any = tstz(to)
	if to.IsZero() {
		end = pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Valid: true}
	}
	rows, err := db.pool.Query(ctx, `SELECT id, feed_id, outlet, language, COALESCE(url, ''), title, body, teaser, text_source,
			published, fetched
		FROM articles WHERE published >= $1 AND published < $2 ORDER BY published, id`, tstz(from), end)
	if err != nil {
		return nil, db.wrap("articles", err)
	}
	defer rows.Close()
	var out []news.Article
	for rows.Next() {
		var a news.Article
		if err := rows.Scan(&a.ID, &a.FeedID, &a.Outlet, &a.Language, &a.URL, &a.Title, &a.Text, &a.Teaser, &a.TextSource,
			(*tstz)(&a.Published), (*tstz)(&a.Fetched)); err != nil {
			return nil, db.wrap("articles", err)
		}
		out = append(out, a)
	}
	return out, db.wrap("articles", rows.Err())
}

func (db *DB) ArticleTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT id, body FROM articles WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return nil, db.wrap("article texts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, db.wrap("article texts", err)
		}
		out[id] = body
	}
	return out, db.wrap("article texts", rows.Err())
}

func (db *DB) NewestPublished(ctx context.Context) (time.Time, error) {
	var t time.Time
	if err := db.pool.QueryRow(ctx, `SELECT max(published) FROM articles`).Scan((*tstz)(&t)); err != nil {
		return time.Time{}, db.wrap("newest article", err)
	}
	return t, nil
}

func (db *DB) Assignments(ctx context.Context, articleIDs []string) ([]store.Assignment, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT seq, article_id, thread_id FROM assignments
		WHERE article_id = ANY($1::text[]) ORDER BY seq`, articleIDs)
	if err != nil {
		return nil, db.wrap("assignments", err)
	}
	defer rows.Close()
	var out []store.Assignment
	for rows.Next() {
		var a store.Assignment
		if err := rows.Scan(&a.Seq, &a.ArticleID, &a.ThreadID); err != nil {
			return nil, db.wrap("assignments", err)
		}
		out = append(out, a)
	}
	return out, db.wrap("assignments", rows.Err())
}

// SaveAssignments inserts in slice order, so seq follows it.
func (db *DB) SaveAssignments(ctx context.Context, as []store.Assignment) error {
	if len(as) == 0 {
		return nil
	}
	articles, threads := make([]string, len(as)), make([]string, len(as))
	for i, a := range as {
		articles[i], threads[i] = a.ArticleID, a.ThreadID
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO assignments (article_id, thread_id)
		SELECT article_id, thread_id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS a(article_id, thread_id, ord)
		ORDER BY ord
		ON CONFLICT (article_id) DO NOTHING`, articles, threads)
	return db.wrap("save assignments", err)
}

func (db *DB) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := db.tx(ctx, "prune", func(tx pgx.Tx) error {
		// Page jobs first (their foreign key would cascade, row by row).
		if _, err := tx.Exec(ctx, `DELETE FROM pages WHERE article_id IN (SELECT id FROM articles WHERE published < $1)`, tstz(before)); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `WITH gone AS (DELETE FROM articles WHERE published < $1 RETURNING id),
			unassigned AS (DELETE FROM assignments WHERE article_id IN (SELECT id FROM gone))
			SELECT count(*) FROM gone`, tstz(before)).Scan(&n)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM outbox WHERE status <> 'pending' AND created < $1`, tstz(before))
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// tstz maps time.Time to timestamptz and back: written in UTC, truncated
// to PostgreSQL's microseconds, with the zero time as '-infinity'; read
// back in UTC, '-infinity' and NULL as the zero time.
type tstz time.Time

func (t tstz) TimestamptzValue() (pgtype.Timestamptz, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}, nil
	}
	return pgtype.Timestamptz{Time: tt.UTC().Truncate(time.Microsecond), Valid: true}, nil
}

func (t *tstz) ScanTimestamptz(v pgtype.Timestamptz) error {
	switch {
	case !v.Valid || v.InfinityModifier == pgtype.NegativeInfinity:
		*t = tstz{}
	case v.InfinityModifier == pgtype.Infinity:
		return errors.New("timestamptz 'infinity' has no time.Time")
	default:
		*t = tstz(v.Time.UTC())
	}
	return nil
}

func (db *DB) ClaimFeeds(ctx context.Context, owner string, ids []string, now time.Time, lease time.Duration) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `INSERT INTO feed_state (feed_id, lease_owner, lease_until)
		SELECT id, $2, $3 FROM unnest($1::text[]) AS id
		ON CONFLICT (feed_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
			WHERE feed_state.next_poll <= $4 AND (feed_state.lease_until <= $4 OR feed_state.lease_owner = excluded.lease_owner)
		RETURNING feed_id`, ids, owner, tstz(now.Add(lease)), tstz(now))
	if err != nil {
		return nil, db.wrap("claim feeds", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, db.wrap("claim feeds", err)
		}
		out = append(out, id)
	}
	return out, db.wrap("claim feeds", rows.Err())
}
