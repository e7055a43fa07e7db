package poll_test

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
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
)

func newPoller(t *testing.T, now time.Time) (*poll.Poller, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "poll.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := &poll.Poller{
		Store:       db,
		Fetcher:     fetch.New(fetch.Options{Timeout: time.Second, MaxBodyBytes: 1 << 20}), // the 20 MB feed must hit the limit, not the clock
		Log:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		Concurrency: 4,
		MaxBackoff:  time.Hour,
		Now:         func() time.Time { return now },
	}
	return p, db
}

func goodFeed(t *testing.T) []byte {
	b, err := os.ReadFile("testdata/good.xml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBadFeedsDoNotStopGoodOnes runs one good feed beside every kind of
// broken one: each failure is reported for its own feed, and the good
// feed's articles land.
func TestBadFeedsDoNotStopGoodOnes(t *testing.T) {
	good := goodFeed(t)
	var goodHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		goodHits.Add(1)
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(good)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>")
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>`)
		chunk := strings.Repeat("<item><title>spam</title></item>", 1000)
		for written := 0; written < 20<<20; written += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/malformed", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>broken`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	feeds := []poll.Feed{
		{ID: "good", Outlet: "Good", URL: srv.URL + "/good", Interval: 15 * time.Minute},
		{ID: "timeout", URL: srv.URL + "/slow", Interval: 15 * time.Minute},
		{ID: "http500", URL: srv.URL + "/500", Interval: 15 * time.Minute},
		{ID: "html", URL: srv.URL + "/html", Interval: 15 * time.Minute},
		{ID: "huge", URL: srv.URL + "/huge", Interval: 15 * time.Minute},
		{ID: "malformed", URL: srv.URL + "/malformed", Interval: 15 * time.Minute},
		{ID: "missing", URL: filepath.Join(t.TempDir(), "nope.xml"), Interval: 15 * time.Minute},
	}
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	p, db := newPoller(t, now)
	ctx := context.Background()
	reports, err := p.Poll(ctx, feeds, poll.Due)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]poll.Report{}
	for _, r := range reports {
		byID[r.FeedID] = r
	}
	if r := byID["good"]; r.Err != nil || r.Added != 2 {
		t.Fatalf("good feed: %+v", r)
	}
	wantErr := map[string]string{
		"timeout":   "",
		"http500":   "500",
		"html":      "not a feed",
		"huge":      "limit",
		"malformed": "",
		"missing":   "nope.xml",
	}
	for id, want := range wantErr {
		r := byID[id]
		if r.Err == nil || !strings.Contains(r.Err.Error(), want) {
			t.Errorf("%s: err = %v, want an error mentioning %q", id, r.Err, want)
		}
	}

	states, err := db.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id := range wantErr {
		st := states[id]
		if st.Failures != 1 || st.LastError == "" || !st.NextPoll.After(now) {
			t.Errorf("%s state = %+v, want 1 failure, the error kept and a next poll", id, st)
		}
	}
	articles, _ := db.Articles(ctx, time.Time{}, time.Time{})
	if len(articles) != 2 {
		t.Fatalf("stored %d articles, want 2", len(articles))
	}
	if articles[0].URL != "https://good.example/1" {
		t.Errorf("tracking parameters kept: %s", articles[0].URL)
	}

	// Nothing is due yet: a scheduled poll fetches nothing.
	if reports, _ := p.Poll(ctx, feeds, poll.Due); len(reports) != 0 {
		t.Errorf("poll before anything is due polled %d feeds", len(reports))
	}
	// A forced poll revalidates: 304, nothing stored, data kept.
	reports, _ = p.Poll(ctx, feeds[:1], poll.Force)
	if len(reports) != 1 || !reports[0].NotModified || reports[0].Added != 0 {
		t.Errorf("second poll of good feed: %+v", reports)
	}
	if n := goodHits.Load(); n != 2 {
		t.Errorf("good feed fetched %d times, want 2", n)
	}
	if articles, _ := db.Articles(ctx, time.Time{}, time.Time{}); len(articles) != 2 {
		t.Errorf("articles after revalidation: %d, want 2", len(articles))
	}
}

// TestBackoffGrows checks that a failing feed waits longer after each
// failure, up to the cap, and that recovery resets it.
func TestBackoffGrows(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	good := goodFeed(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		w.Write(good)
	}))
	defer srv.Close()

	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	p, db := newPoller(t, now)
	p.Now = func() time.Time { return now }
	feeds := []poll.Feed{{ID: "flaky", URL: srv.URL, Interval: 10 * time.Minute}}
	ctx := context.Background()
	var delays []time.Duration
	for range 5 {
		reports, err := p.Poll(ctx, feeds, poll.Force)
		if err != nil || len(reports) != 1 || reports[0].Err == nil {
			t.Fatalf("poll: %v %+v", err, reports)
		}
		delays = append(delays, reports[0].Next.Sub(now))
	}
	// 10m, 20m, 40m, then capped at 1h, each ±20%.
	for i, want := range []time.Duration{10 * time.Minute, 20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour} {
		if d := delays[i]; d < want*8/10 || d > want*12/10 {
			t.Errorf("delay after failure %d = %v, want about %v", i+1, d, want)
		}
	}
	fail.Store(false)
	reports, _ := p.Poll(ctx, feeds, poll.Force)
	if reports[0].Err != nil || reports[0].Next.Sub(now) != 10*time.Minute {
		t.Errorf("after recovery: %+v", reports[0])
	}
	st, _ := db.FeedStates(ctx)
	if st["flaky"].Failures != 0 || st["flaky"].LastError != "" {
		t.Errorf("state after recovery: %+v", st["flaky"])
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer srv.Close()
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	p, _ := newPoller(t, now)
	reports, _ := p.Poll(context.Background(), []poll.Feed{{ID: "busy", URL: srv.URL, Interval: 10 * time.Minute}}, poll.Force)
	if got := reports[0].Next.Sub(now); got < 2*time.Hour {
		t.Errorf("next poll in %v, want at least the 2h Retry-After", got)
	}
}

// failingBatches is the SQLite store with one feed whose articles cannot be
// stored: any transaction holding them fails whole.
type failingBatches struct {
	*sqlite.DB
	bad              string
	calls, multiFeed atomic.Int32
}

func (s *failingBatches) SaveArticleBatches(ctx context.Context, batches [][]news.Article, states []news.FeedState) ([]int, error) {
	s.calls.Add(1)
	if len(states) > 1 {
		s.multiFeed.Add(1)
	}
	for _, st := range states {
		if st.FeedID == s.bad && st.Failures == 0 {
			return nil, errors.New("disk says no")
		}
	}
	return s.DB.SaveArticleBatches(ctx, batches, states)
}

// TestGroupCommitIsolatesAFailingFeed: feeds are stored several per
// transaction, yet a feed whose articles cannot be stored fails alone,
// without its validators, and the others' articles and states land.
func TestGroupCommitIsolatesAFailingFeed(t *testing.T) {
	const n, items = 12, 5
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Path, "/%d", &i)
		w.Header().Set("ETag", fmt.Sprintf(`"v%d"`, i))
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title><link>https://f%d.example/</link>`, i, i)
		for j := range items {
			fmt.Fprintf(w, `<item><title>Story %d of feed %d</title><link>https://f%d.example/%d</link><guid>f%d-%d</guid>`+
				`<pubDate>Thu, 13 Feb 2025 10:%02d:00 +0000</pubDate><description>Item %d of feed %d.</description></item>`, j, i, i, j, i, j, j, j, i)
		}
		io.WriteString(w, `</channel></rss>`)
	}))
	defer srv.Close()
	var feeds []poll.Feed
	for i := range n {
		feeds = append(feeds, poll.Feed{ID: fmt.Sprintf("feed%02d", i), Outlet: fmt.Sprintf("Outlet %d", i), URL: fmt.Sprintf("%s/%d", srv.URL, i), Interval: 15 * time.Minute})
	}
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	p, db := newPoller(t, now)
	st := &failingBatches{DB: db, bad: "feed05"}
	p.Store = st
	ctx := context.Background()
	reports, err := p.Poll(ctx, feeds, poll.Due)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != n {
		t.Fatalf("%d reports, want %d", len(reports), n)
	}
	for _, r := range reports {
		if r.FeedID == st.bad {
			if r.Err == nil || !strings.Contains(r.Err.Error(), "disk says no") || r.Failures != 1 || r.Added != 0 {
				t.Errorf("bad feed: %+v, want its own store error", r)
			}
			continue
		}
		if r.Err != nil || r.Added != items || r.Items != items || r.Failures != 0 {
			t.Errorf("%s: %+v, want %d added", r.FeedID, r, items)
		}
	}
	states, err := db.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		s := states[f.ID]
		if f.ID == st.bad {
			if s.ETag != "" || s.Failures != 1 || s.LastError == "" {
				t.Errorf("bad feed state %+v: validators recorded or failure missing", s)
			}
			// The store failed, not the feed: no back-off.
			if want := now.Add(f.Interval); !s.NextPoll.Equal(want) {
				t.Errorf("bad feed next poll %v, want %v (the usual interval)", s.NextPoll, want)
			}
			continue
		}
		if s.ETag == "" || s.Failures != 0 || !s.LastSuccess.Equal(now) {
			t.Errorf("%s state %+v, want a success with validators", f.ID, s)
		}
	}
	arts, err := db.Articles(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != (n-1)*items {
		t.Errorf("%d articles stored, want %d", len(arts), (n-1)*items)
	}
	if st.calls.Load() == 0 {
		t.Error("the batch path was not used")
	}
	t.Logf("%d store calls, %d with several feeds", st.calls.Load(), st.multiFeed.Load())
}

// TestManualPollKeepsBackoff: a command run by hand or from cron polls
// healthy feeds at once, but leaves a feed that asked for a pause
// (Retry-After) alone and says why; Force overrides.
func TestManualPollKeepsBackoff(t *testing.T) {
	var busyHits, goodHits atomic.Int32
	good := goodFeed(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			busyHits.Add(1)
			w.Header().Set("Retry-After", "600")
			http.Error(w, "later", http.StatusServiceUnavailable)
			return
		}
		goodHits.Add(1)
		w.Write(good)
	}))
	defer srv.Close()
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	p, _ := newPoller(t, now)
	feeds := []poll.Feed{{ID: "busy", URL: srv.URL + "/busy", Interval: 15 * time.Minute}, {ID: "good", URL: srv.URL + "/good", Interval: 15 * time.Minute}}
	ctx := context.Background()
	for run, tc := range []struct {
		mode               poll.Mode
		busyHits, goodHits int32
		busySkipped        bool
	}{
		{poll.Manual, 1, 1, false},
		{poll.Manual, 1, 2, true},
		{poll.Manual, 1, 3, true},
		{poll.Force, 2, 4, false},
	} {
		reports, err := p.Poll(ctx, feeds, tc.mode)
		if err != nil || len(reports) != 2 {
			t.Fatalf("run %d: %v %+v", run, err, reports)
		}
		busy := reports[0]
		if skipped := busy.Skipped != ""; skipped != tc.busySkipped {
			t.Errorf("run %d: busy skipped = %q, want skipped %v", run, busy.Skipped, tc.busySkipped)
		}
		if tc.busySkipped && !strings.Contains(busy.Skipped, "HTTP 503") {
			t.Errorf("run %d: the skip does not name the last error: %q", run, busy.Skipped)
		}
		if busyHits.Load() != tc.busyHits || goodHits.Load() != tc.goodHits {
			t.Errorf("run %d: fetched busy %d good %d times, want %d and %d", run, busyHits.Load(), goodHits.Load(), tc.busyHits, tc.goodHits)
		}
	}
}

// TestShutdownReleasesLeases: a scheduled poll cut short gives up its
// claims, so the next instance polls those feeds at once.
func TestShutdownReleasesLeases(t *testing.T) {
	started := make(chan struct{}, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	now := time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)
	p, db := newPoller(t, now)
	p.Owner = "old"
	feeds := []poll.Feed{{ID: "slow", URL: srv.URL, Interval: 15 * time.Minute}}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	if _, err := p.Poll(ctx, feeds, poll.Due); err == nil {
		t.Fatal("a poll cut short returned no error")
	}
	got, err := db.ClaimFeeds(context.Background(), "new", []string{"slow"}, now, time.Minute)
	if err != nil || len(got) != 1 {
		t.Errorf("after a shutdown the next instance claimed %v, %v; want the feed", got, err)
	}
}
