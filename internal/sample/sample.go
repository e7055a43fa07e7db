// Package sample gives tests the bundled sample feeds (feeds/ at the repo
// root): their articles, parsed as the service parses them, and the story
// each belongs to according to feeds/README.md.
package sample // import "github.com/newsdigest/newsdigest/internal/sample"

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/pages"
	"github.com/newsdigest/newsdigest/internal/parse"
)

// Now is a fetch time just after the newest sample article.
var Now = time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)

// Dir is the feeds/ directory.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "feeds")
}

// Articles parses every sample feed, each under its file name as feed and
// outlet, with the article text of a teaser item read from its page as the
// page stage reads it.
func Articles(tb testing.TB) []news.Article {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(Dir(), "*.*"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []news.Article
	for _, f := range files {
		if strings.HasSuffix(f, ".md") {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		// Each feed says its language, or its items are detected, as in the service.
		res, err := parse.Feed(body, parse.Source{FeedID: name, Outlet: name, URL: f}, Now)
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		texts := make([]string, len(res.Articles))
		for i, a := range res.Articles {
			texts[i] = a.Text
		}
		for i, teaser := range parse.Teasers(texts) {
			if teaser {
				readPage(tb, &res.Articles[i])
			}
		}
		out = append(out, res.Articles...)
	}
	return out
}

// readPage puts the article text of a's page in place of its teaser.
func readPage(tb testing.TB, a *news.Article) {
	tb.Helper()
	stage := pages.Stage{Fetcher: fetch.New(fetch.Options{})}
	r := stage.Read(context.Background(), news.PageJob{ArticleID: a.ID, FeedID: a.FeedID, URL: a.URL, Title: a.Title, Language: a.Language, Teaser: a.Text})
	if r.Status != news.PageOK {
		tb.Fatalf("%s: page %s: %s", a.URL, r.Status, r.LastError)
	}
	a.Teaser, a.Text, a.TextSource = a.Text, r.Text, news.TextFromPage
}

// Labels reads the grouping truth from feeds/README.md: story and event
// keys by article title.
func Labels(tb testing.TB) (story, event map[string]string) {
	tb.Helper()
	f, err := os.Open(filepath.Join(Dir(), "README.md"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	story, event = map[string]string{}, map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		// | Story | File | Item id | Seed | Event | Published | Title |
		if len(cells) != 9 || strings.TrimSpace(cells[1]) == "Story" || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		title := strings.TrimSpace(cells[7])
		story[title] = strings.TrimSpace(cells[1])
		event[title] = strings.TrimSpace(cells[5])
	}
	return story, event
}
