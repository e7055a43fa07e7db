package poll_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/fetch"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/parse"
	"github.com/newsdigest/newsdigest/internal/poll"
)

// Limits of the hostile-input harness. The body limit is what the test
// client allows unless a case says otherwise; allocBound is how much the
// whole process may allocate during one poll of a hostile feed and a good
// one. It is generous for what a bounded read costs (a few MiB) and far
// below what an unbounded one would: the bomb expands to 1 GiB, the endless
// body never ends.
const (
	hostileBodyLimit = 2 << 20
	allocBound       = 64 << 20
	// maxTitleRunes is parse's cap on a stored title.
	maxTitleRunes = 500
)

// hostileNow is the poller's clock in these tests.
var hostileNow = time.Date(2025, 2, 14, 8, 0, 0, 0, time.UTC)

// hostileCase is one hostile feed, polled beside a good one.
type hostileCase struct {
	name string
	// serve makes the handler of the hostile feed, at /hostile/feed.
	serve func(h *harness) http.HandlerFunc
	opts  fetch.Options // over the harness defaults, where set
	// wantErr and errHas describe the hostile feed's error; both zero
	// means the feed is legal input and must be stored.
	wantErr error
	errHas  string
	// allocBound overrides the default bound on allocation during the poll.
	allocBound uint64
	// check looks at what the poll did with the hostile feed.
	check func(t *testing.T, o *outcome)
}

// harness is what a case's handler may use.
type harness struct {
	privateURL string        // a server the deny-private client must never reach
	stop       chan struct{} // closed when the case ends, for handlers that outlive their request (hijacked ones)
}

// drip writes data a byte a second until it is all written, a write
// fails, done is closed or the case ends.
func (h *harness) drip(done <-chan struct{}, data string, write func([]byte) error) {
	for i := range len(data) {
		if write([]byte{data[i]}) != nil {
			return
		}
		select {
		case <-done:
			return
		case <-h.stop:
			return
		case <-time.After(time.Second):
		}
	}
}

// outcome is what one poll of a hostile feed and a good feed did.
type outcome struct {
	report   poll.Report    // the hostile feed's
	state    news.FeedState // the hostile feed's, after the poll
	articles []news.Article // stored for the hostile feed
	hits     int32          // requests that reached the hostile handler
	took     time.Duration  // the whole poll
	alloc    uint64         // bytes allocated by the process during the poll
	peak     int64          // highest heap growth sampled during the poll
	retained int64          // growth of the live heap from before to after the poll
	public   bool           // deny-private cases: the servers sit on a non-private address
}

// TestHostileFeeds polls each kind of hostile feed, through the real
// fetcher and parser into SQLite, beside a good feed: the poll returns, the
// hostile feed fails with an error of its own or is stored sanely, the good
// feed's articles land, and memory stays bounded.
func TestHostileFeeds(t *testing.T) {
	var privateHits atomic.Int32
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		w.Write(rssItems(1, func(i int) string { return `<item><title>internal</title><guid>internal</guid></item>` }))
	}))
	defer private.Close()

	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			o := runHostile(t, c, private.URL)
			t.Logf("poll took %v, allocated %s, heap peak %+.1f MiB (sampled), retained %+.1f MiB, hostile server hit %d time(s)",
				o.took.Round(time.Millisecond), mib(o.alloc), float64(o.peak)/(1<<20), float64(o.retained)/(1<<20), o.hits)
			r := o.report
			switch {
			case c.wantErr != nil || c.errHas != "":
				if r.Err == nil {
					t.Fatalf("hostile feed succeeded (%d items, %d added), want an error", r.Items, r.Added)
				}
				if c.wantErr != nil && !errors.Is(r.Err, c.wantErr) {
					t.Errorf("error %q is not %v", r.Err, c.wantErr)
				}
				if !strings.Contains(r.Err.Error(), c.errHas) {
					t.Errorf("error %q does not mention %q", r.Err, c.errHas)
				}
				if o.state.Failures != 1 || o.state.LastError != r.Err.Error() || !o.state.NextPoll.After(hostileNow) {
					t.Errorf("hostile feed state %+v, want 1 failure, its error and a later poll", o.state)
				}
				if len(o.articles) != 0 || r.Added != 0 {
					t.Errorf("a failed feed stored %d articles (report: %d added)", len(o.articles), r.Added)
				}
			default:
				if r.Err != nil {
					t.Fatalf("hostile feed failed: %v", r.Err)
				}
				if r.Added != len(o.articles) {
					t.Errorf("report says %d added, store holds %d", r.Added, len(o.articles))
				}
				checkStored(t, o.articles)
			}
			bound := c.allocBound
			if bound == 0 {
				bound = allocBound
			}
			if o.alloc > bound {
				t.Errorf("the poll allocated %s, over the bound of %s", mib(o.alloc), mib(bound))
			}
			if c.check != nil {
				c.check(t, o)
			}
		})
	}
	if n := privateHits.Load(); n != 0 {
		t.Errorf("the private server got %d requests with deny-private on, want 0", n)
	}
}

// runHostile serves c's feed next to the good feed, polls both once and
// checks the good one.
func runHostile(t *testing.T, c hostileCase, privateURL string) *outcome {
	t.Helper()
	h := &harness{privateURL: privateURL, stop: make(chan struct{})}
	var hits atomic.Int32
	good := goodFeed(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) { w.Write(good) })
	hostile := c.serve(h)
	mux.HandleFunc("/hostile/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		hostile(w, r)
	})

	o := &outcome{}
	srv := httptest.NewUnstartedServer(mux)
	goodURL := ""
	if c.opts.DenyPrivate {
		// A client that refuses private addresses refuses loopback, where
		// test servers live. If this machine has an address that is not
		// private, both servers go there, and the refusal happens on the
		// redirect, as with a public feed that redirects inward. If not,
		// the good feed is read from a file (local paths are trusted) and
		// the hostile one is refused at its first connection.
		if l := publicListener(); l != nil {
			srv.Listener.Close()
			srv.Listener = l
			o.public = true
		} else {
			goodURL, _ = filepath.Abs("testdata/good.xml")
			t.Logf("no non-private local address: the good feed is a file, and the redirector itself is refused")
		}
	}
	srv.Start()
	// Cleanups run last first: stop lingering handlers, then the server.
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(h.stop) })
	if goodURL == "" {
		goodURL = srv.URL + "/good"
	}

	opts := fetch.Options{Timeout: 2 * time.Second, MaxBodyBytes: hostileBodyLimit}
	if c.opts.Timeout != 0 {
		opts.Timeout = c.opts.Timeout
	}
	if c.opts.MaxBodyBytes != 0 {
		opts.MaxBodyBytes = c.opts.MaxBodyBytes
	}
	opts.MaxRedirects, opts.DenyPrivate = c.opts.MaxRedirects, c.opts.DenyPrivate
	p, db := newPoller(t, hostileNow)
	p.Fetcher = fetch.New(opts)
	feeds := []poll.Feed{
		{ID: "good", Outlet: "Good", URL: goodURL, Interval: 15 * time.Minute},
		{ID: "hostile", Outlet: "Hostile", URL: srv.URL + "/hostile/feed", Interval: 15 * time.Minute},
	}

	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stopSampling, peak := sampleHeap()
	start := time.Now()
	reports := pollWithin(t, p, ctx, feeds, 30*time.Second)
	o.took = time.Since(start)
	stopSampling()
	runtime.ReadMemStats(&after)
	o.alloc = after.TotalAlloc - before.TotalAlloc
	o.peak = int64(max(*peak, after.HeapAlloc)) - int64(before.HeapAlloc)
	runtime.GC()
	runtime.ReadMemStats(&after)
	o.retained = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	o.hits = hits.Load()

	byID := map[string]poll.Report{}
	for _, r := range reports {
		byID[r.FeedID] = r
	}
	if len(reports) != 2 {
		t.Fatalf("%d reports, want 2: %+v", len(reports), reports)
	}
	if r := byID["good"]; r.Err != nil || r.Added != 2 {
		t.Errorf("good feed beside the hostile one: err %v, %d added, want 2", r.Err, r.Added)
	}
	o.report = byID["hostile"]

	states, err := db.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.state = states["hostile"]
	if st := states["good"]; st.Failures != 0 || !st.LastSuccess.Equal(hostileNow) {
		t.Errorf("good feed state %+v, want a success", st)
	}
	all, err := db.Articles(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	goodArts := 0
	for _, a := range all {
		switch a.FeedID {
		case "good":
			goodArts++
		case "hostile":
			o.articles = append(o.articles, a)
		}
	}
	if goodArts != 2 {
		t.Errorf("%d of the good feed's articles stored, want 2", goodArts)
	}
	return o
}

// sampleHeap records the highest HeapAlloc seen every 5ms until stop
// returns. It is a sample, for the log: the bound tests assert is on
// TotalAlloc, which no peak can exceed.
func sampleHeap() (stop func(), peak *uint64) {
	peak = new(uint64)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }, peak
}

// pollWithin polls, failing the test if the poll does not return in time
// (a hung poll would otherwise only end at go test's timeout).
func pollWithin(t *testing.T, p *poll.Poller, ctx context.Context, feeds []poll.Feed, limit time.Duration) []poll.Report {
	t.Helper()
	type result struct {
		reports []poll.Report
		err     error
	}
	done := make(chan result, 1)
	go func() {
		r, err := p.Poll(ctx, feeds, poll.Due)
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		if res.err != nil {
			t.Fatalf("Poll: %v", res.err)
		}
		return res.reports
	case <-time.After(limit):
		t.Fatalf("Poll did not return within %v", limit)
		return nil
	}
}

// checkStored asserts what must hold for any stored article, however
// hostile its feed.
func checkStored(t *testing.T, arts []news.Article) {
	t.Helper()
	ids := map[string]bool{}
	for _, a := range arts {
		if ids[a.ID] {
			t.Errorf("article ID %s stored twice", a.ID)
		}
		ids[a.ID] = true
		for field, s := range map[string]string{"title": a.Title, "text": a.Text, "url": a.URL} {
			if !utf8.ValidString(s) {
				t.Errorf("%s of %s is not valid UTF-8: %q", field, a.ID, s)
			}
			if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }); i >= 0 {
				t.Errorf("%s of %s holds control character %U", field, a.ID, []rune(s[i:])[0])
			}
		}
		if n := utf8.RuneCountInString(a.Title); n > maxTitleRunes {
			t.Errorf("title of %s has %d runes, over %d", a.ID, n, maxTitleRunes)
		}
		if a.Published.IsZero() || a.Published.After(hostileNow.Add(24*time.Hour)) {
			t.Errorf("%s published %v: missing or over a day ahead of the poll at %v", a.ID, a.Published, hostileNow)
		}
	}
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{
			name: "gzip bomb with Content-Encoding",
			serve: func(*harness) http.HandlerFunc {
				bomb := gzipBomb() // built before the poll is measured
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Encoding", "gzip")
					w.Header().Set("Content-Type", "application/rss+xml")
					w.Write(bomb)
				}
			},
			wantErr: fetch.ErrTooLarge,
			errHas:  "body exceeds 2 MiB limit",
		},
		{
			name: "gzip bomb as a .xml.gz without Content-Encoding",
			serve: func(*harness) http.HandlerFunc {
				bomb := gzipBomb()
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/gzip")
					w.Write(bomb)
				}
			},
			wantErr: fetch.ErrTooLarge,
			errHas:  "body exceeds 2 MiB limit",
		},
		{
			name: "endless body",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/rss+xml")
					io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>endless</title>`)
					chunk := []byte(strings.Repeat(`<item><title>again</title><guid>same</guid></item>`, 1000))
					for {
						if _, err := w.Write(chunk); err != nil {
							return // the client hung up, as it should
						}
					}
				}
			},
			wantErr: fetch.ErrTooLarge,
			errHas:  "body exceeds 2 MiB limit",
		},
		{
			name: "body at 1 byte per second",
			opts: fetch.Options{Timeout: 500 * time.Millisecond},
			serve: func(h *harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/rss+xml")
					rc := http.NewResponseController(w)
					// Minutes, if nothing stops it.
					h.drip(r.Context().Done(), rssItemsString(1, nil), func(b []byte) error {
						if _, err := w.Write(b); err != nil {
							return err
						}
						return rc.Flush()
					})
				}
			},
			errHas: "timed out after 500ms",
			check: func(t *testing.T, o *outcome) {
				if o.took > 5*time.Second {
					t.Errorf("the poll took %v with a 500ms timeout", o.took)
				}
				if o.hits != 1 {
					t.Errorf("slow server hit %d times, want 1", o.hits)
				}
			},
		},
		{
			name: "status line and headers at 1 byte per second",
			opts: fetch.Options{Timeout: 500 * time.Millisecond},
			serve: func(h *harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					conn, _, err := http.NewResponseController(w).Hijack()
					if err != nil {
						return
					}
					defer conn.Close()
					h.drip(nil, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n", func(b []byte) error {
						_, err := conn.Write(b)
						return err
					})
				}
			},
			errHas: "timed out after 500ms",
			check: func(t *testing.T, o *outcome) {
				if o.took > 5*time.Second {
					t.Errorf("the poll took %v with a 500ms timeout", o.took)
				}
			},
		},
		{
			name: "redirect loop",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/hostile/feed" {
						http.Redirect(w, r, "/hostile/elsewhere", http.StatusMovedPermanently)
						return
					}
					http.Redirect(w, r, "/hostile/feed", http.StatusFound)
				}
			},
			wantErr: fetch.ErrTooManyRedirects,
			errHas:  "redirect loop at",
			check: func(t *testing.T, o *outcome) {
				if o.hits != 2 {
					t.Errorf("redirect loop followed for %d requests, want 2 (stopped when a URL repeats)", o.hits)
				}
			},
		},
		{
			name: "endless redirects to new URLs",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, r.URL.Path+"/more", http.StatusMovedPermanently)
				}
			},
			wantErr: fetch.ErrTooManyRedirects,
			errHas:  "stopped after 5 redirects",
			check: func(t *testing.T, o *outcome) {
				if o.hits != 6 {
					t.Errorf("followed %d requests, want 6 (the first and 5 redirects)", o.hits)
				}
			},
		},
		{
			name: "301 to a private address with deny-private on",
			opts: fetch.Options{DenyPrivate: true},
			serve: func(h *harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, h.privateURL+"/admin/feed.xml", http.StatusMovedPermanently)
				}
			},
			wantErr: fetch.ErrPrivateAddress,
			errHas:  "refusing to connect to private address",
			check: func(t *testing.T, o *outcome) {
				// The private server's own counter is checked once all
				// cases are done.
				if o.public && o.hits != 1 {
					t.Errorf("redirector hit %d times, want 1: the refusal must come on the redirect", o.hits)
				}
				if !o.public && o.hits != 0 {
					t.Errorf("loopback redirector hit %d times with deny-private on, want 0", o.hits)
				}
				t.Logf("servers on a non-private address (refused at the redirect): %v", o.public)
			},
		},
		{
			name: "HTML login page",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					io.WriteString(w, `<!DOCTYPE html><html><head><title>Sign in</title></head><body>`+
						`<form method="post"><input name="user"><input type="password" name="pw"></form></body></html>`)
				}
			},
			wantErr: fetch.ErrNotFeed,
			errHas:  "not a feed: got a login page (text/html)",
		},
		{
			name: "bot challenge page with status 403",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=UTF-8")
					w.Header().Set("Cf-Mitigated", "challenge")
					w.WriteHeader(http.StatusForbidden)
					io.WriteString(w, `<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>`)
				}
			},
			wantErr: fetch.ErrNotFeed,
			errHas:  "not a feed: got a bot challenge page (text/html)",
		},
		{
			name: "bot challenge page with status 200, labelled as RSS",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/rss+xml")
					io.WriteString(w, `<html><head><title>Just a moment...</title>`+
						`<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></head></html>`)
				}
			},
			wantErr: fetch.ErrNotFeed,
			errHas:  "not a feed: got a bot challenge page (application/rss+xml)",
		},
		{
			name: "invalid XML: cut off mid-item",
			serve: staticBody(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>` +
				`<item><title>one</title><guid>1</guid></item><item><title>two, cut off`),
			errHas: "parse: XML syntax error on line 1: unexpected EOF",
		},
		{
			name:    "invalid XML: binary garbage",
			serve:   staticBody("\x00\x01\xfe\xff<\x00r\x00s\x00s\x00>garbage\x9c\x80"),
			wantErr: parse.ErrNoFeed,
			errHas:  "not an RSS, Atom or JSON feed",
		},
		{
			// Not every broken document fails: gofeed's lenient decoder
			// closes mismatched tags, and what it recovers is stored.
			name: "invalid XML: mismatched tags and a bare ampersand",
			serve: staticBody(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>` +
				`<item><title>Fish & chips</item><item><title>two</title><guid>2</guid></channel></rss>`),
			check: wantTitles("Fish & chips", "two"),
		},
		{
			name:    "XML that is no feed",
			serve:   staticBody(`<?xml version="1.0"?><note><to>you</to><body>not news</body></note>`),
			wantErr: parse.ErrNoFeed,
			errHas:  "not an RSS, Atom or JSON feed",
		},
		{
			name: "entity expansion (billion laughs)",
			serve: staticBody(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">` +
				`<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">` +
				`<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">` +
				`<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">` +
				`<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>` +
				`<rss version="2.0"><channel><title>laughs</title><item><title>lol &i;</title><guid>lol</guid></item></channel></rss>`),
			check: func(t *testing.T, o *outcome) {
				// encoding/xml does not expand DTD entities: the item is
				// stored, and the entity is not a billion bytes.
				if len(o.articles) != 1 || o.articles[0].Title != "lol &i;" {
					t.Fatalf("stored %d articles %q, want 1 titled %q", len(o.articles), keys(titles(o.articles)), "lol &i;")
				}
			},
		},
		{
			name: "declared ISO-8859-1, body is UTF-8",
			serve: func(*harness) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/rss+xml; charset=iso-8859-1")
					io.WriteString(w, `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>x</title>`+
						`<item><title>Café in Zürich</title><guid>1</guid></item></channel></rss>`)
				}
			},
			check: wantTitles("Café in Zürich"),
		},
		{
			name: "declared UTF-8, body is Windows-1252",
			serve: staticBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>x</title>" +
				"<item><title>Caf\xe9 \x93quoted\x94</title><guid>1</guid></item></channel></rss>"),
			check: wantTitles("Café “quoted”"),
		},
		{
			name: "declared a charset nobody knows",
			serve: staticBody(`<?xml version="1.0" encoding="x-klingon-8"?><rss version="2.0"><channel><title>x</title>` +
				`<item><title>Qapla’ naDev</title><guid>1</guid></item></channel></rss>`),
			check: wantTitles("Qapla’ naDev"),
		},
		{
			name: "100,000 items",
			// A body of about 6 MB: the default 10 MiB limit lets it in.
			opts: fetch.Options{MaxBodyBytes: 10 << 20, Timeout: 10 * time.Second},
			serve: func(*harness) http.HandlerFunc {
				body := rssItems(manyItems(), func(i int) string {
					return fmt.Sprintf(`<item><title>Item %d</title><guid>big-%d</guid></item>`, i, i)
				})
				return func(w http.ResponseWriter, r *http.Request) { w.Write(body) }
			},
			// About 4.3 KB allocated per item (gofeed, text clean-up,
			// SQLite arguments), 410-440 MiB for 100,000; the live heap
			// peaks far lower.
			allocBound: 1 << 30,
			check: func(t *testing.T, o *outcome) {
				if raceEnabled() {
					t.Logf("race detector on: %d items instead of 100,000 (run without -race for the full feed)", manyItems())
				}
				// There is no per-feed item cap: every item is stored.
				if n := manyItems(); len(o.articles) != n || o.report.Items != n || o.report.Added != n {
					t.Errorf("stored %d articles, report %d items %d added, want %d", len(o.articles), o.report.Items, o.report.Added, n)
				}
			},
		},
		{
			name: "1 MB title and 1 MB description",
			serve: func(*harness) http.HandlerFunc {
				title := strings.Repeat("word ", 200_000) // 1 MB
				body := rssItems(1, func(int) string {
					return `<item><title>` + title + `</title><description>` + title + `</description><guid>long</guid></item>`
				})
				return func(w http.ResponseWriter, r *http.Request) { w.Write(body) }
			},
			check: func(t *testing.T, o *outcome) {
				if len(o.articles) != 1 {
					t.Fatalf("stored %d articles, want 1", len(o.articles))
				}
				a := o.articles[0]
				if n := utf8.RuneCountInString(a.Title); n != maxTitleRunes || !strings.HasSuffix(a.Title, "word…") {
					t.Errorf("title has %d runes, ending %q; want %d ending in an ellipsis", n, a.Title[max(0, len(a.Title)-10):], maxTitleRunes)
				}
				if n := utf8.RuneCountInString(a.Text); n > 100_000 || n < 99_000 {
					t.Errorf("text has %d runes, want it cut at about 100,000", n)
				}
			},
		},
		{
			name: "control characters",
			serve: staticBody("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>" +
				"<item><title>C0\x01 in\x0b raw\x1f XML</title><guid>c0</guid><description>bell\x07 and\x00 nul</description></item>" +
				"<item><title>C1\u0085 and\u009b zero\u200bwidth\ufeff</title><guid>c1</guid></item>" +
				"<item><title>bidi \u202eoverride\u202c</title><guid>bidi</guid></item>" +
				"</channel></rss>"),
			check: func(t *testing.T, o *outcome) {
				// checkStored has made sure no control character is left:
				// gofeed drops raw C0 bytes (which encoding/xml would
				// reject, failing the whole feed), parse drops C1 controls,
				// zero-width spaces and BOMs. Bidi controls are format
				// characters that right-to-left text needs: they are kept.
				got := titles(o.articles)
				for _, want := range []string{"C0 in raw XML", "C1 and zerowidth", "bidi \u202eoverride\u202c"} {
					if !got[want] {
						t.Errorf("no title %q among %q", want, keys(got))
					}
				}
				if len(o.articles) != 3 {
					t.Errorf("stored %d articles, want 3: %q", len(o.articles), keys(got))
				}
			},
		},
		{
			name: "control characters in a JSON feed",
			serve: staticBody(`{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[` +
				`{"id":"1","title":"nul\u0000 bell\u0007 esc\u001b del\u007f","content_text":"x\u0000y"}]}`),
			check: wantTitles("nul bell esc del"),
		},
		{
			name: "duplicated GUIDs",
			serve: staticBody(rssItemsString(0, nil,
				// The same item three times: one article.
				`<item><title>Same</title><link>https://dup.example/same</link><guid>same</guid></item>`,
				`<item><title>Same</title><link>https://dup.example/same</link><guid>same</guid></item>`,
				`<item><title>Same</title><link>https://dup.example/same</link><guid>same</guid></item>`,
				// One GUID on three different stories (a publisher bug):
				// told apart by their links.
				`<item><title>Story 1</title><link>https://dup.example/1</link><guid>https://dup.example/</guid></item>`,
				`<item><title>Story 2</title><link>https://dup.example/2</link><guid>https://dup.example/</guid></item>`,
				`<item><title>Story 3</title><link>https://dup.example/3</link><guid>https://dup.example/</guid></item>`,
			)),
			check: func(t *testing.T, o *outcome) {
				want := []string{"Same", "Story 1", "Story 2", "Story 3"}
				got := titles(o.articles)
				if len(o.articles) != len(want) {
					t.Errorf("stored %d articles %q, want %q", len(o.articles), keys(got), want)
				}
				for _, w := range want {
					if !got[w] {
						t.Errorf("%q not stored", w)
					}
				}
			},
		},
		{
			name: "far-future, missing and broken dates",
			serve: staticBody(rssItemsString(0, nil,
				`<item><title>year 2100</title><guid>2100</guid><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>`,
				`<item><title>year 9999</title><guid>9999</guid><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>`,
				`<item><title>two days ahead</title><guid>2d</guid><pubDate>`+hostileNow.Add(48*time.Hour).Format(time.RFC1123Z)+`</pubDate></item>`,
				`<item><title>an hour ahead</title><guid>1h</guid><pubDate>`+hostileNow.Add(time.Hour).Format(time.RFC1123Z)+`</pubDate></item>`,
				`<item><title>no date</title><guid>none</guid></item>`,
				`<item><title>empty date</title><guid>empty</guid><pubDate></pubDate></item>`,
				`<item><title>garbage date</title><guid>garbage</guid><pubDate>the day after tomorrow</pubDate></item>`,
				`<item><title>year 1</title><guid>year1</guid><pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>`,
				`<item><title>year 1000</title><guid>1000</guid><pubDate>Wed, 01 Jan 1000 00:00:00 GMT</pubDate></item>`,
				`<item><title>the Unix epoch</title><guid>epoch</guid><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>`,
				`<item><title>yesterday</title><guid>yday</guid><pubDate>Thu, 13 Feb 2025 08:00:00 GMT</pubDate></item>`,
			)),
			check: func(t *testing.T, o *outcome) {
				want := map[string]time.Time{
					"year 2100":      hostileNow, // over a day ahead: the fetch time
					"year 9999":      hostileNow,
					"two days ahead": hostileNow,
					"an hour ahead":  hostileNow.Add(time.Hour), // clock skew is tolerated
					"no date":        hostileNow,
					"empty date":     hostileNow,
					"garbage date":   hostileNow,
					"year 1":         hostileNow,
					"year 1000":      hostileNow, // stored as Unix nanoseconds, it once overflowed to 2169
					"the Unix epoch": hostileNow, // "no date" in many feeds, and read back as zero
					"yesterday":      hostileNow.Add(-24 * time.Hour),
				}
				got := map[string]time.Time{}
				for _, a := range o.articles {
					got[a.Title] = a.Published
				}
				for title, w := range want {
					if g, ok := got[title]; !ok {
						t.Errorf("%q not stored", title)
					} else if !g.Equal(w) {
						t.Errorf("%q published %v, want %v", title, g, w)
					}
				}
			},
		},
	}
}

// manyItems is the size of the huge feed: 100,000 items, or 5,000 under
// the race detector, whose pointer checks make the SQLite store (C code
// translated to Go) some 20 times slower: 100,000 items then take 40s.
func manyItems() int {
	if raceEnabled() {
		return 5_000
	}
	return 100_000
}

func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// staticBody serves body as RSS.
func staticBody(body string) func(*harness) http.HandlerFunc {
	return func(*harness) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, body)
		}
	}
}

// rssItemsString is an RSS document with n items made by item, then extra.
func rssItemsString(n int, item func(int) string, extra ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>`)
	for i := range n {
		if item == nil {
			fmt.Fprintf(&b, `<item><title>Item %d</title><guid>%d</guid></item>`, i, i)
			continue
		}
		b.WriteString(item(i))
	}
	for _, s := range extra {
		b.WriteString(s)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func rssItems(n int, item func(int) string) []byte { return []byte(rssItemsString(n, item)) }

// gzipBomb is 1 GiB of spaces in about 1 MiB: 1,024 gzip members of 1 MiB
// each, which a gzip reader reads as one stream. It is built from one
// compressed member, so making it is cheap.
var gzipBomb = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte(" "), 1<<20))
	zw.Close()
	return bytes.Repeat(buf.Bytes(), 1024)
})

// publicListener listens on an address of this machine that fetch's
// deny-private check lets through, or returns nil if there is none.
func publicListener() net.Listener {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	cgnat := netip.MustParsePrefix("100.64.0.0/10")
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(ipn.IP)
		if !ok {
			continue
		}
		ip = ip.Unmap()
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsMulticast() || ip.IsUnspecified() || cgnat.Contains(ip) {
			continue
		}
		if l, err := net.Listen("tcp", netip.AddrPortFrom(ip, 0).String()); err == nil {
			return l
		}
	}
	return nil
}

func wantTitles(want ...string) func(*testing.T, *outcome) {
	return func(t *testing.T, o *outcome) {
		t.Helper()
		got := keys(titles(o.articles))
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("stored titles %q, want %q", got, want)
		}
	}
}

func titles(arts []news.Article) map[string]bool {
	m := map[string]bool{}
	for _, a := range arts {
		m[a.Title] = true
	}
	return m
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// TestFlipFloppingFeed polls a feed whose server alternates between two
// versions of the same items, as behind a CDN with one stale node: each
// poll gets the other version with a new ETag, so it is fetched and parsed
// every time. The first poll stores the items; later polls add nothing,
// create no duplicates, and leave the stored set exactly as it was. A good
// feed in the same polls keeps working (a 304 after the first).
func TestFlipFloppingFeed(t *testing.T) {
	// The same stories in two versions: titles edited, tracking
	// parameters and fragments changed, dates updated, order reversed,
	// one GUID dropped, and one story that only version A carries.
	versionA := rssItemsString(0, nil,
		`<item><title>Talks resume</title><link>https://flip.example/1?utm_source=rss</link><guid>flip-1</guid>`+
			`<pubDate>Thu, 13 Feb 2025 10:00:00 GMT</pubDate><description>Delegations met.</description></item>`,
		`<item><title>Markets fall</title><link>https://flip.example/2</link><guid>flip-2</guid>`+
			`<pubDate>Thu, 13 Feb 2025 11:00:00 GMT</pubDate></item>`,
		`<item><title>Storm warning</title><link>https://flip.example/3?utm_medium=feed</link>`+
			`<pubDate>Thu, 13 Feb 2025 12:00:00 GMT</pubDate></item>`,
		`<item><title>Brief: weather</title><description>Rain later.</description></item>`,
		`<item><title>Bridge reopens</title><link>https://flip.example/5</link><guid>flip-5</guid>`+
			`<pubDate>Thu, 13 Feb 2025 13:00:00 GMT</pubDate></item>`,
		`<item><title>Only in A</title><link>https://flip.example/6</link><guid>flip-6</guid></item>`,
	)
	versionB := rssItemsString(0, nil,
		`<item><title>Bridge reopens to traffic</title><link>https://flip.example/5</link>`+
			`<pubDate>Thu, 13 Feb 2025 13:30:00 GMT</pubDate></item>`, // GUID dropped
		`<item><title>Brief: weather</title><description>Rain later.</description></item>`,
		`<item><title>Storm warning issued</title><link>https://FLIP.example/3?utm_source=x#comments</link>`+
			`<pubDate>Thu, 13 Feb 2025 12:10:00 GMT</pubDate></item>`,
		`<item><title>Markets fall sharply</title><link>https://flip.example/2?utm_campaign=b</link><guid>flip-2</guid>`+
			`<pubDate>Thu, 13 Feb 2025 11:20:00 GMT</pubDate><description>Updated.</description></item>`,
		`<item><title>Talks resume after a pause</title><link>https://flip.example/1?utm_source=twitter</link><guid>flip-1</guid>`+
			`<pubDate>Thu, 13 Feb 2025 10:05:00 GMT</pubDate><description>Delegations met again.</description></item>`,
	)
	var served atomic.Int32 // bodies sent; 304s are not counted
	good := goodFeed(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"good"`)
		if r.Header.Get("If-None-Match") == `"good"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(good)
	})
	mux.HandleFunc("/flip", func(w http.ResponseWriter, r *http.Request) {
		// Whichever version the client has, the next node has the other.
		etag, body := `"A"`, versionA
		if r.Header.Get("If-None-Match") == `"A"` {
			etag, body = `"B"`, versionB
		}
		served.Add(1)
		w.Header().Set("ETag", etag)
		io.WriteString(w, body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	now := hostileNow
	p, db := newPoller(t, now)
	p.Now = func() time.Time { return now }
	feeds := []poll.Feed{
		{ID: "good", Outlet: "Good", URL: srv.URL + "/good", Interval: 15 * time.Minute},
		{ID: "flip", Outlet: "Flip", URL: srv.URL + "/flip", Interval: 15 * time.Minute},
	}
	ctx := context.Background()
	stored := func() map[string]news.Article {
		all, err := db.Articles(ctx, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]news.Article{}
		urls := map[string]string{}
		for _, a := range all {
			if _, dup := m[a.ID]; dup {
				t.Errorf("article ID %s stored twice", a.ID)
			}
			m[a.ID] = a
			if a.URL == "" {
				continue
			}
			if other, dup := urls[a.URL]; dup {
				t.Errorf("%s stored as %s and %s", a.URL, other, a.ID)
			}
			urls[a.URL] = a.ID
		}
		return m
	}

	var first map[string]news.Article
	wantItems := []int{6, 5, 6, 5} // A, B, A, B
	for n := range 4 {
		reports := pollWithin(t, p, ctx, feeds, 30*time.Second)
		if len(reports) != 2 {
			t.Fatalf("poll %d: %d reports, want 2 (both feeds due)", n+1, len(reports))
		}
		g, f := reports[1], reports[0] // by feed ID
		if g.FeedID != "good" || f.FeedID != "flip" || g.Err != nil || (n == 0) == g.NotModified {
			t.Errorf("poll %d: good feed %+v", n+1, g)
		}
		if f.Err != nil || f.NotModified || f.Items != wantItems[n] {
			t.Fatalf("poll %d: flip feed %+v, want %d items fetched and parsed", n+1, f, wantItems[n])
		}
		got := stored()
		if n == 0 {
			if f.Added != 6 || len(got) != 8 {
				t.Fatalf("first poll: %d added, %d stored; want 6 and 8 with the good feed's", f.Added, len(got))
			}
			first = got
		} else {
			if f.Added != 0 {
				t.Errorf("poll %d: the other version added %d articles, want 0", n+1, f.Added)
			}
			if len(got) != len(first) {
				t.Errorf("poll %d: %d articles stored, want the first poll's %d", n+1, len(got), len(first))
			}
			for id, a := range first {
				b, ok := got[id]
				if !ok || !a.Published.Equal(b.Published) || a.Title != b.Title || a.URL != b.URL || a.Text != b.Text {
					t.Errorf("poll %d: article %s changed:\n was %+v\n now %+v", n+1, id, a, b)
				}
			}
		}
		now = now.Add(16 * time.Minute) // both feeds due again
	}
	if n := served.Load(); n != 4 {
		t.Errorf("flip feed served %d bodies, want 4 (one per poll, never a 304)", n)
	}
	st, err := db.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := st["flip"]; s.ETag != `"B"` || s.Failures != 0 {
		t.Errorf("flip feed state %+v, want ETag \"B\" after the fourth poll and no failures", s)
	}
}
