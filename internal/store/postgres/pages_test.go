package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// TestUpgradeToPages: a schema from before article pages (version 4)
// migrates with its articles reading as the feed's text, and queues pages
// from then on.
func TestUpgradeToPages(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	admin(t, dsn, `CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
	for _, m := range ms[:4] {
		admin(t, dsn, m.sql)
		admin(t, dsn, fmt.Sprintf(`INSERT INTO schema_migrations (version) VALUES (%d)`, m.version))
	}
	admin(t, dsn, `INSERT INTO articles (id, feed_id, outlet, url, title, body, published, fetched)
		VALUES ('old', 'f', 'O', 'https://o.example/old', 'Old', 'Old teaser.', '2025-02-13T18:27:00Z', '2025-02-13T18:27:00Z')`)

	db := open(t, dsn)
	if db.Applied() != len(ms)-4 {
		t.Errorf("applied %d migrations, want %d", db.Applied(), len(ms)-4)
	}
	t0 := time.Date(2025, 2, 13, 18, 27, 0, 0, time.UTC)
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
