package pages_test

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/newsdigest/newsdigest/internal/store"
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
	stage := newStage(db, now)
	stage.Now = func() time.Time { return now } // moved on below
	stage.Concurrency = 8
	stage.Done = func(j news.PageJob, status string) { outcomes.Store(j.ArticleID, status) }
	sum, err := stage.Run(ctx, nil)
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
	if _, err := stage.Run(ctx, nil); err != nil {
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

// failingSaves is a store whose SavePages fails.
type failingSaves struct{ store.Store }

func (failingSaves) SavePages(context.Context, []news.PageResult) error {
	return errors.New("disk I/O error")
}

// TestRunFollowsPoll: started before a poll has saved anything, Run takes
// the jobs each signal announces, and returns once more is closed and
// nothing is left.
func TestRunFollowsPoll(t *testing.T) {
	s := &site{hits: map[string]int{}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx := context.Background()
	db := openDB(t)
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	stage := newStage(db, now)
	more := make(chan struct{}, 1)
	type result struct {
		sum pages.Summary
		err error
	}
	done := make(chan result, 1)
	go func() {
		sum, err := stage.Run(ctx, more)
		done <- result{sum, err}
	}()
	for i, path := range []string{"/world/rutte", "/world/rutte-again"} {
		a := news.Article{ID: fmt.Sprint("a", i), FeedID: fmt.Sprint("feed", i), Language: "en", URL: srv.URL + path,
			Title: "Rutte: Ukraine will be at the table", Text: teaser, Published: now, Fetched: now, WantPage: true}
		if _, err := db.SaveArticles(ctx, []news.Article{a}); err != nil {
			t.Fatal(err)
		}
		more <- struct{}{}
		select {
		case r := <-done:
			t.Fatalf("Run returned while the poll went on: %v %v", r.sum, r.err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	close(more)
	r := <-done
	if r.err != nil || r.sum[news.PageOK] != 2 {
		t.Fatalf("Run = %v, %v; want 2 pages ok", r.sum, r.err)
	}
}

// TestRunReleases: jobs a run could not finish — its context ended, or
// the store would not save them — are free at once for the next claim,
// not after their leases run out; nothing is lost.
func TestRunReleases(t *testing.T) {
	s := &site{hits: map[string]int{}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		cancel bool
		broken bool
	}{
		{name: "cancelled", cancel: true},
		{name: "store fails", broken: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			var arts []news.Article
			for i := range 20 {
				arts = append(arts, news.Article{ID: fmt.Sprint("a", i), FeedID: "herald", Language: "en", URL: fmt.Sprintf("%s/world/rutte?%d", srv.URL, i),
					Title: "Rutte: Ukraine will be at the table", Text: teaser, Published: now, Fetched: now, WantPage: true})
			}
			if _, err := db.SaveArticles(context.Background(), arts); err != nil {
				t.Fatal(err)
			}
			stage := newStage(db, now)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.broken {
				stage.Store = failingSaves{db}
			}
			if tc.cancel {
				stage.Done = func(news.PageJob, string) { cancel() }
			}
			sum, err := stage.Run(ctx, nil)
			if tc.cancel && !errors.Is(err, context.Canceled) {
				t.Errorf("Run = %v, want context.Canceled", err)
			}
			if tc.broken && (err != nil || sum["store-error"] != 20) {
				t.Errorf("Run = %v, %v; want 20 store errors", sum, err)
			}
			jobs, err := db.ClaimPages(context.Background(), "next", now, time.Minute, 100)
			if err != nil {
				t.Fatal(err)
			}
			if want := 20 - sum[news.PageOK]; len(jobs) != want {
				t.Errorf("after the run %d jobs could be claimed, want %d (%v)", len(jobs), want, sum)
			}
		})
	}
}

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pages.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newStage(db store.Store, now time.Time) *pages.Stage {
	return &pages.Stage{
		Store:       db,
		Fetcher:     fetch.New(fetch.Options{Timeout: 5 * time.Second, PerHost: 2, UserAgent: "newsdigest/1.0 (+https://example.org/bot)"}),
		Log:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		Owner:       "test",
		Concurrency: 4,
		Now:         func() time.Time { return now },
	}
}
