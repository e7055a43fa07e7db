package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/news"
)

// A feed's backlog — articles stored now with old publication dates — lies
// behind the grouping window's archive: the daily rebuild takes it in.
func TestRegroupAllTakesInBacklog(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	cfg, err := config.Load("../../configs/newsdigest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	now := time.Date(2025, 2, 14, 12, 0, 0, 0, time.UTC)
	a.Now = func() time.Time { return now }
	article := func(id string, published time.Time) news.Article {
		return news.Article{ID: id, FeedID: "f", Outlet: "Outlet " + id, Language: "en", URL: "https://x.example/" + id,
			Title: fmt.Sprintf("Harbour bridge %s reopens after repairs", id), Text: "The harbour bridge reopened on Friday after repairs.",
			Published: published, Fetched: now}
	}
	save := func(arts ...news.Article) {
		t.Helper()
		if _, err := a.Store.SaveArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
	}
	has := func(id string) bool {
		t.Helper()
		stories, err := a.Stories(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stories {
			for _, art := range s.Articles() {
				if art.ID == id {
					return true
				}
			}
		}
		return false
	}
	save(article("new", now.Add(-time.Hour)))
	if !has("new") {
		t.Fatal("a fresh article is not grouped")
	}
	save(article("backlog", now.Add(-10*24*time.Hour)))
	if has("backlog") {
		t.Fatal("the backlog was grouped without a rebuild; the test no longer shows what it should")
	}
	if err := a.regroupAll(ctx); err != nil {
		t.Fatal(err)
	}
	if !has("backlog") || !has("new") {
		t.Error("after the rebuild the backlog article is still missing")
	}
}
