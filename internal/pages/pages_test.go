package pages_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/pages"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
)

// site serves article pages the way real sites answer, counting requests
// per path and the most requests it had at once.
type site struct {
	mu       sync.Mutex
	hits     map[string]int
	inFlight atomic.Int32
	most     atomic.Int32
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
	}
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	time.Sleep(5 * time.Millisecond) // let requests overlap
	switch r.URL.Path {
	case "/robots.txt":
		io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
	case "/world/rutte", "/world/rutte-again", "/world/busy-later":
		if r.URL.Path == "/world/busy-later" && s.count(r.URL.Path) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(read("../../feeds/northern-herald/rutte-ukraine-at-the-table.html"))
	case "/world/paywalled":
		w.Header().Set("Content-Type", "text/html")
		w.Write(read("../extract/testdata/paywall.html"))
	case "/world/report.pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7"))
	default:
		http.NotFound(w, r)
	}
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func read(name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

const teaser = "NATO's secretary general says allies agree Ukraine must be in the strongest possible position when talks begin …"

// TestStage: each teaser article's page is fetched once; its text replaces
// the teaser, which is kept; pages that cannot give the article keep the
// feed's text with the reason; a transient failure is retried later; the
// per-host limit holds.
func TestStage(t *testing.T) {
	s := &site{hits: map[string]int{}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pages.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	paths := map[string]string{
		"ok": "/world/rutte", "ok2": "/world/rutte-again", "retry": "/world/busy-later", "paywall": "/world/paywalled",
		"robots": "/private/rutte", "gone": "/world/gone", "pdf": "/world/report.pdf",
	}
	var arts []news.Article
	for id, p := range paths {
		arts = append(arts, news.Article{ID: id, FeedID: "herald", Outlet: "Herald", Language: "en", URL: srv.URL + p,
			Title: "Rutte: Ukraine will be at the table", Text: teaser, Published: now, Fetched: now, WantPage: true})
	}
	arts = append(arts, news.Article{ID: "full", FeedID: "herald", URL: srv.URL + "/world/full", Title: "Full", Text: "A whole article.", Published: now, Fetched: now})
	if _, err := db.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	var outcomes sync.Map
	stage := &pages.Stage{
		Store:       db,
		Fetcher:     fetch.New(fetch.Options{Timeout: 5 * time.Second, PerHost: 2, UserAgent: "newsdigest/1.0 (+https://example.org/bot)"}),
		Log:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		Owner:       "test",
		Concurrency: 8,
		Now:         func() time.Time { return now },
		Done:        func(j news.PageJob, status string) { outcomes.Store(j.ArticleID, status) },
	}
	sum, err := stage.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ok": news.PageOK, "ok2": news.PageOK, "retry": news.PageRetry, "paywall": news.PageKept,
		"robots": news.PageRobots, "gone": news.PageFailed, "pdf": news.PageFailed}
	for id, w := range want {
		if got, _ := outcomes.Load(id); got != w {
			t.Errorf("%s: status %v, want %s", id, got, w)
		}
	}
	if sum[news.PageOK] != 2 {
		t.Errorf("summary %v", sum)
	}
	if m := s.most.Load(); m > 2 {
		t.Errorf("%d requests to one host at once, per_host is 2", m)
	}
	if s.count("/private/rutte") != 0 {
		t.Error("a page robots.txt disallows was fetched")
	}
	if s.count("/world/full") != 0 {
		t.Error("an article with its full text in the feed had its page fetched")
	}
	texts, err := db.Articles(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range texts {
		switch a.ID {
		case "ok":
			if a.TextSource != "page" || a.Teaser != teaser || !strings.Contains(a.Text, "He is a tough negotiator and quite unpredictable") {
				t.Errorf("ok: source %q teaser %q text %.200q", a.TextSource, a.Teaser, a.Text)
			}
			for _, furniture := range []string{"cookies", "Share on", "Related stories", "All rights reserved", "Sign up"} {
				if strings.Contains(a.Text, furniture) {
					t.Errorf("site furniture %q in the article text", furniture)
				}
			}
		case "paywall", "robots", "gone", "pdf", "retry":
			if a.Text != teaser || a.TextSource == "page" {
				t.Errorf("%s: the feed's text was not kept: %q (%s)", a.ID, a.Text, a.TextSource)
			}
		}
	}

	// Later: only the transient failure is asked for again, and it works.
	before := s.count("/world/rutte")
	now = now.Add(time.Hour)
	outcomes = sync.Map{}
	if _, err := stage.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := outcomes.Load("retry"); got != news.PageOK {
		t.Errorf("retry after an hour: %v", got)
	}
	n := 0
	outcomes.Range(func(any, any) bool { n++; return true })
	if n != 1 || s.count("/world/rutte") != before || s.count("/world/gone") != 1 {
		t.Errorf("the second run asked again for pages already done (%d jobs)", n)
	}
}

func TestInterleave(t *testing.T) {
	var jobs []news.PageJob
	for _, id := range []string{"a1", "a2", "a3", "b1", "c1", "c2"} {
		jobs = append(jobs, news.PageJob{ArticleID: id, FeedID: id[:1]})
	}
	var got []string
	for _, j := range pages.Interleave(jobs) {
		got = append(got, j.ArticleID)
	}
	if s := strings.Join(got, " "); s != "a1 b1 c1 a2 c2 a3" {
		t.Errorf("interleave = %s", s)
	}
}
