package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// TestUpgradeToPages: a file from before article pages (schema 4) opens
// with its articles reading as the feed's text, and queues pages from then
// on.
func TestUpgradeToPages(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range names[:4] {
		body, _ := migrationFiles.ReadFile(name)
		if _, err := old.ExecContext(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	t0 := time.Date(2025, 2, 13, 18, 27, 0, 0, time.UTC)
	if _, err := old.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = 4;
		INSERT INTO articles (id, feed_id, outlet, url, title, body, published, fetched)
		VALUES ('old', 'f', 'O', 'https://o.example/old', 'Old', 'Old teaser.', %d, %d)`, t0.UnixNano(), t0.UnixNano())); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Applied() != len(names)-4 {
		t.Errorf("applied %d migrations, want %d", db.Applied(), len(names)-4)
	}
	if _, err := db.SaveArticles(ctx, []news.Article{{ID: "new", FeedID: "f", Outlet: "O", URL: "https://o.example/new",
		Title: "New", Text: "New teaser.", Published: t0, Fetched: t0, WantPage: true}}); err != nil {
		t.Fatal(err)
	}
	arts, err := db.Articles(ctx, time.Time{}, time.Time{})
	if err != nil || len(arts) != 2 {
		t.Fatalf("Articles = %+v, %v", arts, err)
	}
	for _, a := range arts {
		if a.Teaser != "" || a.TextSource != news.TextFromFeed {
			t.Errorf("article %s: teaser %q, source %q", a.ID, a.Teaser, a.TextSource)
		}
	}
	if ps, err := db.Pages(ctx, []string{"old", "new"}); err != nil || len(ps) != 1 || ps[0].ArticleID != "new" {
		t.Errorf("Pages = %+v, %v; want new's only", ps, err)
	}
}
