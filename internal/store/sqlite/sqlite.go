// Package sqlite is the default, embedded store: one SQLite file in WAL
// mode, through a pure-Go driver so the binary needs no cgo.
package sqlite // import "github.com/newsdigest/newsdigest/internal/store/sqlite"

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	msqlite "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is a store.Store backed by one SQLite file.
type DB struct {
	db      *sql.DB
	path    string
	applied int           // migrations this Open applied
	writer  chan struct{} // held by this process's one writer; see lock
}

var _ store.Store = (*DB)(nil)

// Open opens (creating if needed) the SQLite file at path and applies any
// pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers queue up front instead of failing to upgrade
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &DB{db: db, path: path, writer: make(chan struct{}, 1)}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// lock serialises this process's writers. SQLite lets one connection
// write at a time, and one that finds the file locked waits in the busy
// handler, which sleeps in steps of up to 100 ms; waiting here instead
// wakes the next writer as soon as the last is done. (Another process
// sharing the file still meets the busy handler.)
func (s *DB) lock(ctx context.Context) (unlock func(), err error) {
	select {
	case s.writer <- struct{}{}:
		return func() { <-s.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// exec runs one writing statement under the write lock.
func (s *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.db.ExecContext(ctx, query, args...)
}

// begin starts a writing transaction under the write lock, which end
// gives up after the transaction's Commit or Rollback.
func (s *DB) begin(ctx context.Context) (tx *sql.Tx, end func(), err error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err = s.db.BeginTx(ctx, nil)
	if err != nil {
		unlock()
		return nil, nil, err
	}
	return tx, func() { tx.Rollback(); unlock() }, nil
}

// migrate applies the embedded migrations newer than PRAGMA user_version,
// each in its own transaction.
func (s *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("store: open %s: %w", s.path, err)
	}
	if version > len(names) {
		return fmt.Errorf("store: %s has schema version %d, newer than this binary's %d", s.path, version, len(names))
	}
	for i := version; i < len(names); i++ {
		body, err := migrationFiles.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return wrap("migrate", err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return wrap("migration "+names[i], err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return wrap("migration "+names[i], err)
		}
		if err := tx.Commit(); err != nil {
			return wrap("migration "+names[i], err)
		}
		s.applied++
	}
	return nil
}

// SchemaVersion returns the file's schema version (PRAGMA user_version):
// how many of the embedded migrations it has. After Open it is the
// binary's latest.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, wrap("schema version", err)
	}
	return v, nil
}

// Applied returns how many migrations Open applied (0 when the file was
// already up to date).
func (s *DB) Applied() int { return s.applied }

func (s *DB) Close() error { return s.db.Close() }

func (s *DB) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return wrap("ping", err)
	}
	return nil
}

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if strings.Contains(err.Error(), "database is closed") {
		return fmt.Errorf("store: %s: %w", op, store.ErrClosed)
	}
	if isFull(err) {
		return fmt.Errorf("store: %s: %w: %w", op, ErrFull, err)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// ErrFull is in the error of a write that failed because the database (or
// its WAL) could not grow: the disk is full, or the file reached the size
// limit (RLIMIT_FSIZE, ulimit -f) or a quota. Nothing of that write is
// stored; what was stored before is intact, and writes succeed again once
// there is room.
var ErrFull = errors.New("database file is full (disk full or file size limit reached)")

// isFull reports whether err is SQLite failing to grow a file. ENOSPC comes
// back as SQLITE_FULL ("database or disk is full"), but EFBIG (the file
// size limit) and EDQUOT as a bare SQLITE_IOERR_WRITE ("disk I/O error
// (778)"), or _TRUNCATE/_SHMSIZE when extending a file failed; a failing
// disk (EIO) looks the same, hence the original error is kept after it.
func isFull(err error) bool {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_TRUNCATE, sqlite3.SQLITE_IOERR_SHMSIZE:
		return true
	}
	return false
}

func (s *DB) FeedStates(ctx context.Context) (map[string]news.FeedState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT feed_id, etag, last_modified, last_poll, last_success, next_poll, failures, last_error FROM feed_state`)
	if err != nil {
		return nil, wrap("feed states", err)
	}
	defer rows.Close()
	out := map[string]news.FeedState{}
	for rows.Next() {
		var st news.FeedState
		var lastPoll, lastOK, next int64
		if err := rows.Scan(&st.FeedID, &st.ETag, &st.LastModified, &lastPoll, &lastOK, &next, &st.Failures, &st.LastError); err != nil {
			return nil, wrap("feed states", err)
		}
		st.LastPoll, st.LastSuccess, st.NextPoll = fromUnix(lastPoll), fromUnix(lastOK), fromUnix(next)
		out[st.FeedID] = st
	}
	return out, wrap("feed states", rows.Err())
}

const saveFeedStateSQL = `INSERT INTO feed_state (feed_id, etag, last_modified, last_poll, last_success, next_poll, failures, last_error)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (feed_id) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
		last_poll=excluded.last_poll, last_success=excluded.last_success, next_poll=excluded.next_poll,
		failures=excluded.failures, last_error=excluded.last_error, lease_owner='', lease_until=0`

func feedStateArgs(st news.FeedState) []any {
	return []any{st.FeedID, st.ETag, st.LastModified, toUnix(st.LastPoll), toUnix(st.LastSuccess), toUnix(st.NextPoll), st.Failures, st.LastError}
}

func (s *DB) SaveFeedState(ctx context.Context, st news.FeedState) error {
	_, err := s.exec(ctx, saveFeedStateSQL, feedStateArgs(st)...)
	return wrap("save feed state "+st.FeedID, err)
}

// saveArticleSQL skips an article whose ID or non-empty URL is stored (the
// two unique indexes); a NULL URL never collides.
const saveArticleSQL = `INSERT INTO articles (id, feed_id, outlet, language, url, title, body, teaser, text_source, published, fetched)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

// queuePageSQL queues the page job of an article just added.
const queuePageSQL = `INSERT INTO pages (article_id, feed_id, url, next_try, updated)
	VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO NOTHING`

func (s *DB) SaveArticles(ctx context.Context, articles []news.Article) (int, error) {
	if len(articles) == 0 {
		return 0, nil
	}
	added, err := s.SaveArticleBatches(ctx, [][]news.Article{articles}, nil)
	if err != nil {
		return 0, err
	}
	return added[0], nil
}

// SaveArticleBatches is SaveArticles for several feeds at once, in one
// transaction (one commit instead of one per feed): it stores each batch's
// articles, in order, then the given feed states (nil for none), and
// returns how many of each batch's articles were new; a new article with
// WantPage and a URL has its page job queued, as SaveArticles does. All or
// nothing: on an error nothing is stored. The poller uses it for group
// commit; a feed's state is in the same transaction as its articles, so
// its validators are never recorded without them.
func (s *DB) SaveArticleBatches(ctx context.Context, batches [][]news.Article, states []news.FeedState) ([]int, error) {
	added := make([]int, len(batches))
	total := 0
	for _, b := range batches {
		total += len(b)
	}
	if total == 0 && len(states) == 0 {
		return added, nil
	}
	tx, end, err := s.begin(ctx)
	if err != nil {
		return nil, wrap("save articles", err)
	}
	defer end()
	if total > 0 {
		stmt, err := tx.PrepareContext(ctx, saveArticleSQL)
		if err != nil {
			return nil, wrap("save articles", err)
		}
		defer stmt.Close()
		queue, err := tx.PrepareContext(ctx, queuePageSQL)
		if err != nil {
			return nil, wrap("save articles", err)
		}
		defer queue.Close()
		for i, b := range batches {
			for _, a := range b {
				res, err := stmt.ExecContext(ctx, a.ID, a.FeedID, a.Outlet, a.Language, nullable(a.URL), a.Title, a.Text,
					a.Teaser, a.TextSource, toUnix(a.Published), toUnix(a.Fetched))
				if err != nil {
					return nil, wrap("save article "+a.ID, err)
				}
				n, _ := res.RowsAffected()
				added[i] += int(n)
				if n == 0 || !a.WantPage || a.URL == "" {
					continue
				}
				if _, err := queue.ExecContext(ctx, a.ID, a.FeedID, a.URL, toUnix(a.Fetched), toUnix(a.Fetched)); err != nil {
					return nil, wrap("queue page "+a.ID, err)
				}
			}
		}
	}
	if len(states) > 0 {
		stmt, err := tx.PrepareContext(ctx, saveFeedStateSQL)
		if err != nil {
			return nil, wrap("save feed states", err)
		}
		defer stmt.Close()
		for _, st := range states {
			if _, err := stmt.ExecContext(ctx, feedStateArgs(st)...); err != nil {
				return nil, wrap("save feed state "+st.FeedID, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, wrap("save articles", err)
	}
	return added, nil
}

func (s *DB) Articles(ctx context.Context, from, to time.Time) ([]news.Article, error) {
	end := int64(math.MaxInt64)
	if !to.IsZero() {
		end = toUnix(to)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, feed_id, outlet, language, COALESCE(url, ''), title, body, teaser, text_source,
			published, fetched
		FROM articles WHERE published >= ? AND published < ? ORDER BY published, id`, toUnix(from), end)
	if err != nil {
		return nil, wrap("articles", err)
	}
	defer rows.Close()
	var out []news.Article
	for rows.Next() {
		var a news.Article
		var pub, fetched int64
		if err := rows.Scan(&a.ID, &a.FeedID, &a.Outlet, &a.Language, &a.URL, &a.Title, &a.Text, &a.Teaser, &a.TextSource,
			&pub, &fetched); err != nil {
			return nil, wrap("articles", err)
		}
		a.Published, a.Fetched = fromUnix(pub), fromUnix(fetched)
		out = append(out, a)
	}
	return out, wrap("articles", rows.Err())
}

func (s *DB) ArticleTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	// Chunked to stay under SQLite's bound-parameter limit.
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM articles WHERE id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, wrap("article texts", err)
		}
		for rows.Next() {
			var id, body string
			if err := rows.Scan(&id, &body); err != nil {
				rows.Close()
				return nil, wrap("article texts", err)
			}
			out[id] = body
		}
		if err := rows.Close(); err != nil {
			return nil, wrap("article texts", err)
		}
		if err := rows.Err(); err != nil {
			return nil, wrap("article texts", err)
		}
	}
	return out, nil
}

func (s *DB) NewestPublished(ctx context.Context) (time.Time, error) {
	var ns sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(published) FROM articles`).Scan(&ns); err != nil {
		return time.Time{}, wrap("newest article", err)
	}
	if !ns.Valid {
		return time.Time{}, nil
	}
	return fromUnix(ns.Int64), nil
}

func (s *DB) Assignments(ctx context.Context, articleIDs []string) ([]store.Assignment, error) {
	var out []store.Assignment
	// Chunked to stay under SQLite's bound-parameter limit.
	for start := 0; start < len(articleIDs); start += 500 {
		chunk := articleIDs[start:min(start+500, len(articleIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT seq, article_id, thread_id FROM assignments
			WHERE article_id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, wrap("assignments", err)
		}
		for rows.Next() {
			var a store.Assignment
			if err := rows.Scan(&a.Seq, &a.ArticleID, &a.ThreadID); err != nil {
				rows.Close()
				return nil, wrap("assignments", err)
			}
			out = append(out, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, wrap("assignments", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

func (s *DB) SaveAssignments(ctx context.Context, as []store.Assignment) error {
	if len(as) == 0 {
		return nil
	}
	tx, end, err := s.begin(ctx)
	if err != nil {
		return wrap("save assignments", err)
	}
	defer end()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO assignments (article_id, thread_id) VALUES (?, ?)
		ON CONFLICT (article_id) DO NOTHING`)
	if err != nil {
		return wrap("save assignments", err)
	}
	defer stmt.Close()
	for _, a := range as {
		if _, err := stmt.ExecContext(ctx, a.ArticleID, a.ThreadID); err != nil {
			return wrap("save assignments", err)
		}
	}
	return wrap("save assignments", tx.Commit())
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Times are stored as Unix nanoseconds so they sort and compare as integers.
func toUnix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnix(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}
