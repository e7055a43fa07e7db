package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// TestFullSaysSo: a write that fails because the file cannot grow says that
// the database is full, names the operation, keeps SQLite's own error, and
// loses nothing stored before. (A file size limit, EFBIG, is covered by
// cmd/newsdigest's TestDiskFull, which runs the service under one.)
func TestFullSaysSo(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	article := func(i int) news.Article {
		return news.Article{ID: fmt.Sprintf("a%d", i), FeedID: "f", Outlet: "O", URL: fmt.Sprintf("https://o.example/%d", i),
			Title: "Title", Text: strings.Repeat("text ", 2000), Published: time.Unix(int64(i), 0)}
	}
	if _, err := s.SaveArticles(ctx, []news.Article{article(0)}); err != nil {
		t.Fatal(err)
	}
	// The page limit is per connection: keep to one, capped at its size.
	s.db.SetMaxOpenConns(1)
	var pages int
	if err := s.db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}

	var batch []news.Article
	for i := 1; i <= 20; i++ {
		batch = append(batch, article(i))
	}
	_, err = s.SaveArticles(ctx, batch)
	if !errors.Is(err, ErrFull) {
		t.Fatalf("saving past the limit: %v, want ErrFull", err)
	}
	t.Log(err)
	if msg := err.Error(); !strings.HasPrefix(msg, "store: save article") || !strings.Contains(msg, "database file is full") || !strings.Contains(msg, "(13)") {
		t.Errorf("error %q does not name the operation, the cause and SQLite's code", msg)
	}
	got, err := s.Articles(ctx, time.Time{}, time.Time{})
	if err != nil || len(got) != 1 || got[0].ID != "a0" {
		t.Errorf("after the failed save: %d articles, %v; want just a0", len(got), err)
	}
}
