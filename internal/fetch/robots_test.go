package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		robots string
		paths  map[string]bool // path (and query) → allowed
	}{
		"empty file": {"", map[string]bool{"/": true, "/a": true}},
		"everything disallowed": {
			"User-agent: *\nDisallow: /\n",
			map[string]bool{"/": false, "/news/a": false, "/robots.txt": true},
		},
		"our group overrules *": {
			"User-agent: *\nDisallow: /\n\nUser-agent: newsdigest\nDisallow: /private\n",
			map[string]bool{"/news": true, "/private/a": false},
		},
		"our group without rules allows all": {
			"User-agent: *\nDisallow: /\n\nUser-agent: NewsDigest\nDisallow:\n",
			map[string]bool{"/news": true},
		},
		"another bot's group does not apply": {
			"User-agent: Googlebot\nDisallow: /\n",
			map[string]bool{"/news": true},
		},
		"a prefix of our name is another bot": {
			"User-agent: news\nDisallow: /\n\nUser-agent: newsdigestbot\nDisallow: /\n",
			map[string]bool{"/news": true},
		},
		"version after our name": {
			"User-agent: newsdigest/2.0\nDisallow: /private\n",
			map[string]bool{"/private": false, "/public": true},
		},
		"case of keys and names": {
			"USER-AGENT: NEWSDIGEST\nDISALLOW: /x\nuseragent: *\nDisallow: /y\n",
			map[string]bool{"/x": false, "/y": true},
		},
		"our groups are merged": {
			"User-agent: newsdigest\nDisallow: /a\n\nUser-agent: other\nDisallow: /c\n\nUser-agent: newsdigest\nDisallow: /b\n",
			map[string]bool{"/a": false, "/b": false, "/c": true},
		},
		"several agents share a group": {
			"User-agent: googlebot\nUser-agent: newsdigest\nDisallow: /a\n",
			map[string]bool{"/a": false, "/b": true},
		},
		"a user-agent after rules starts a group": {
			"User-agent: newsdigest\nDisallow: /a\nUser-agent: other\nDisallow: /b\n",
			map[string]bool{"/a": false, "/b": true},
		},
		"longest match wins": {
			"User-agent: *\nDisallow: /news\nAllow: /news/world\nDisallow: /news/world/secret\n",
			map[string]bool{"/news/world/x": true, "/news/sport": false, "/news/world/secret/1": false, "/newsletter": false},
		},
		"allow wins a tie": {
			"User-agent: *\nDisallow: /page\nAllow: /page\nAllow: /other\nDisallow: /other\n",
			map[string]bool{"/page": true, "/other/1": true},
		},
		"wildcards": {
			"User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\nDisallow: /tag/*/feed\n",
			map[string]bool{
				"/a/b.pdf": false, "/a/b.pdf?x=1": true, "/a.pdfx": true,
				"/a?print=1": false, "/a?x=1&print=1": true,
				"/tag/war/feed": false, "/tag/war/feeds": false, "/tag/war": true,
			},
		},
		"patterns match from the start": {
			"User-agent: *\nDisallow: /p$\nDisallow: /a*b\n",
			map[string]bool{"/p": false, "/p/x": true, "/news/p": true, "/a1b": false, "/x/a1b": true},
		},
		"a trailing star is a prefix": {
			"User-agent: *\nDisallow: /drafts*\n",
			map[string]bool{"/drafts": false, "/drafts/1": false, "/draft": true},
		},
		"comments, CRLF, BOM, spaces": {
			"\ufeffUser-agent: * # everyone\r\n  Disallow:   /private   # secret \r\nDisallow: /x /y\r\n",
			map[string]bool{"/private/1": false, "/x": false, "/y": true, "/public": true},
		},
		"old Mac line ends": {
			"User-agent: *\rDisallow: /private\r",
			map[string]bool{"/private": false, "/": true},
		},
		"rules before any user-agent are ignored": {
			"Disallow: /\nUser-agent: *\nDisallow: /x\n",
			map[string]bool{"/": true, "/x": false},
		},
		"malformed lines are skipped, not the file": {
			"User-agent: *\nCrawl-delay: 1s\nDisalow /x\nnonsense\nDisallow: /y\nSitemap: https://example.com/s.xml\nHost: example.com\n",
			map[string]bool{"/y": false, "/x": true},
		},
		"non-ASCII and escapes compared octet by octet": {
			"User-agent: *\nDisallow: /новости/\nDisallow: /a%3cb\nDisallow: /%7Euser\n",
			map[string]bool{"/новости/1": false, "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1": false, "/новини/1": true,
				"/a%3Cb": false, "/~user/x": false, "/%7euser": false},
		},
		"a rule without a leading slash": {
			"User-agent: *\nDisallow: private\n",
			map[string]bool{"/private": false, "/public": true},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := parseRobots([]byte(tt.robots), "newsdigest")
			for p, want := range tt.paths {
				u, err := url.Parse("https://example.com" + p)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.allows(robotsPath(u)); got != want {
					t.Errorf("allows(%s) = %v, want %v (rules %+v)", p, got, want, r.rules)
				}
			}
		})
	}
}

func TestMatchRobots(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/anything", true},
		{"/a", "/", false},
		{"*", "/x", true},
		{"/*", "/x", true},
		{"/$", "/", true},
		{"/$", "/x", false},
		{"*.php", "/a/b.php", true},
		{"/*.php$", "/a/b.php5", false},
		{"/a*b*c", "/a-b-c-d", true},
		{"/a*b*c", "/a-c-b", false},
		{"/a*b*c$", "/abcbc", true},
		{"/a*b*c$", "/abcb", false},
		{"/a*bc$", "/abc", true},
		{"/ab*bc$", "/abc", false}, // the parts must not overlap
		{"/fish*", "/fishheads", true},
		{"/fish", "/Fish", false}, // paths are case-sensitive
	}
	for _, tt := range tests {
		if got := matchRobots(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matchRobots(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestProductToken(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		defaultUserAgent:     "newsdigest",
		"NewsDigest-Bot/2.1": "NewsDigest-Bot",
		"my_bot":             "my_bot",
		"Mozilla/5.0 (compatible; Digest/1.0; +https://example.com)": "Digest",
		"Mozilla/5.0 (X11; Linux x86_64)":                            "Mozilla",
		"":                                                           "",
		"(odd)":                                                      "",
	}
	for ua, want := range tests {
		if got := productToken(ua); got != want {
			t.Errorf("productToken(%q) = %q, want %q", ua, got, want)
		}
	}
}

func TestRobotsKey(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://Example.COM/a":     "https://example.com",
		"https://example.com:443/a": "https://example.com",
		"http://example.com:80/a":   "http://example.com",
		"http://example.com:8080/a": "http://example.com:8080",
		"http://example.com:443/a":  "http://example.com:443",
		"http://[::1]:80/a":         "http://[::1]",
	}
	for in, want := range tests {
		u, _ := url.Parse(in)
		if got := robotsKey(u); got != want {
			t.Errorf("robotsKey(%s) = %q, want %q", in, got, want)
		}
	}
}

// clock is a settable time for the robots cache.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestRobotsCache(t *testing.T) {
	t.Parallel()
	rules := func(n int) robotsRules {
		r := robotsRules{}
		for i := range n {
			r.rules = append(r.rules, robotsRule{pattern: fmt.Sprintf("/%d", i)})
		}
		return r
	}
	fill := func(rc *robotsCache, key string, r robotsRules) {
		t.Helper()
		e, fetch := rc.get(key)
		if !fetch {
			t.Fatalf("get(%s) found an entry, want a fetch", key)
		}
		rc.done(e, r, time.Hour)
	}
	keys := func(rc *robotsCache) string {
		var k []string
		for e := rc.lru.Front(); e != nil; e = e.Next() {
			k = append(k, e.Value.(*robotsEntry).key)
		}
		if len(k) != len(rc.entries) {
			t.Errorf("%d entries in the list, %d in the map", len(k), len(rc.entries))
		}
		return strings.Join(k, " ")
	}

	t.Run("least recently used goes first", func(t *testing.T) {
		rc := newRobotsCache(2, 1<<20, newClock().Now)
		fill(rc, "a", robotsRules{})
		fill(rc, "b", robotsRules{})
		if _, fetch := rc.get("a"); fetch {
			t.Fatal("a was not cached")
		}
		fill(rc, "c", robotsRules{})
		if got := keys(rc); got != "c a" {
			t.Errorf("cache holds %q, want %q", got, "c a")
		}
	})

	t.Run("bounded by bytes", func(t *testing.T) {
		big := rules(100)
		rc := newRobotsCache(100, 2*big.size()+robotsEntryBytes-1, newClock().Now)
		fill(rc, "a", big)
		fill(rc, "b", big)
		fill(rc, "c", robotsRules{})
		if got := keys(rc); got != "c b" {
			t.Errorf("cache holds %q, want %q", got, "c b")
		}
		if want := big.size() + robotsEntryBytes; rc.bytes != want {
			t.Errorf("bytes = %d, want %d", rc.bytes, want)
		}
		fill(rc, "d", rules(1000)) // alone over the limit: kept, as the newest
		if got := keys(rc); got != "d" {
			t.Errorf("cache holds %q, want %q", got, "d")
		}
	})

	t.Run("expiry, stale copy, abandon", func(t *testing.T) {
		clk := newClock()
		rc := newRobotsCache(10, 1<<20, clk.Now)
		fill(rc, "a", rules(1))
		clk.Add(time.Hour - time.Second)
		if _, fetch := rc.get("a"); fetch {
			t.Fatal("entry expired early")
		}
		clk.Add(time.Second)
		e, fetch := rc.get("a")
		if !fetch {
			t.Fatal("entry did not expire")
		}
		if s := e.stale(); s == nil || len(s.rules) != 1 {
			t.Errorf("stale() = %+v, want the expired rules", s)
		}
		if waiter, fetch := rc.get("a"); fetch || waiter != e {
			t.Error("a second caller was not told to wait for the fetch")
		}
		rc.abandon(e)
		if !e.abandoned {
			t.Error("abandoned entry not marked")
		}
		e2, fetch := rc.get("a")
		if !fetch || e2.stale() == nil {
			t.Fatal("after an abandoned refresh, the expired copy is not back as the stale one")
		}
		rc.done(e2, robotsRules{fail: errors.New("down"), temporary: true}, time.Minute)
		clk.Add(time.Minute)
		e3, _ := rc.get("a")
		if e3.stale() != nil {
			t.Error("a failure is kept as a stale copy")
		}
		if rc.bytes != 0 {
			t.Errorf("bytes = %d with only a fetch in flight, want 0", rc.bytes)
		}
	})
}

// robotsSite is a test site: its robots.txt comes from robots, its pages
// are small HTML documents; it counts requests by path.
type robotsSite struct {
	mu     sync.Mutex
	robots http.HandlerFunc
	hits   map[string]int
}

func (s *robotsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.hits == nil {
		s.hits = map[string]int{}
	}
	s.hits[r.URL.Path]++
	robots := s.robots
	s.mu.Unlock()
	if r.URL.Path == "/robots.txt" {
		robots(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, "<!DOCTYPE html><html><body><p>Article</p></body></html>")
}

func (s *robotsSite) setRobots(h http.HandlerFunc) {
	s.mu.Lock()
	s.robots = h
	s.mu.Unlock()
}

func (s *robotsSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func robotsBody(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, body)
	}
}

func robotsStatus(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

func TestGetPageRobots(t *testing.T) {
	t.Parallel()
	const disallowPrivate = "User-agent: *\nDisallow: /private\n"
	tests := map[string]struct {
		robots     http.HandlerFunc
		path       string
		opts       Options
		wantErr    error // nil: the page is fetched
		temporary  bool
		retryAfter time.Duration
		msg        string // after "fetch: <URL>: "
	}{
		"disallowed": {
			robots: robotsBody(disallowPrivate), path: "/private/a",
			wantErr: ErrRobots, msg: `robots.txt disallows it to "newsdigest"`,
		},
		"allowed": {robots: robotsBody(disallowPrivate), path: "/news/a"},
		"disallowed to our agent only": {
			robots: robotsBody("User-agent: *\nAllow: /\n\nUser-agent: newsdigest\nDisallow: /\n"), path: "/news/a",
			wantErr: ErrRobots,
		},
		"allowed to our agent only": {
			robots: robotsBody("User-agent: *\nDisallow: /\n\nUser-agent: newsdigest\nAllow: /news/\n"), path: "/news/a",
		},
		"matched against a configured agent": {
			robots: robotsBody("User-agent: Digest\nDisallow: /\n"), path: "/news/a",
			opts:    Options{UserAgent: "Mozilla/5.0 (compatible; Digest/1.0; +https://example.com/bot)"},
			wantErr: ErrRobots,
		},
		"query matched too": {
			robots: robotsBody("User-agent: *\nDisallow: /*?share=\n"), path: "/news/a?share=1",
			wantErr: ErrRobots,
		},
		"404: everything allowed": {robots: robotsStatus(404), path: "/private/a"},
		"403: everything allowed": {robots: robotsStatus(403), path: "/private/a"},
		"401: everything allowed": {robots: robotsStatus(401), path: "/private/a"},
		"410: everything allowed": {robots: robotsStatus(410), path: "/private/a"},
		"500: temporary": {
			robots: robotsStatus(500), path: "/news/a",
			wantErr: ErrRobotsUnavailable, temporary: true, msg: "robots.txt unavailable: HTTP 500 Internal Server Error",
		},
		"503 with Retry-After": {
			robots: robotsStatus(503, "Retry-After", "120"), path: "/news/a",
			wantErr: ErrRobotsUnavailable, temporary: true, retryAfter: 2 * time.Minute,
			msg: "robots.txt unavailable: HTTP 503 Service Unavailable (retry after 2m0s)",
		},
		"429: temporary": {
			robots: robotsStatus(429), path: "/news/a",
			wantErr: ErrRobotsUnavailable, temporary: true,
		},
		"robots.txt never answers": {
			robots: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			path:   "/news/a", opts: Options{Timeout: 200 * time.Millisecond},
			wantErr: ErrRobotsUnavailable, temporary: true, msg: "robots.txt unavailable: timed out after 200ms",
		},
		"robots.txt body never ends": {
			robots: func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "User-agent: *\n")
				http.NewResponseController(w).Flush()
				<-r.Context().Done()
			},
			path: "/news/a", opts: Options{Timeout: 200 * time.Millisecond},
			wantErr: ErrRobotsUnavailable, temporary: true, msg: "robots.txt unavailable: timed out after 200ms",
		},
		"redirected robots.txt is obeyed": {
			robots: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.RawQuery == "real=1" {
					io.WriteString(w, "User-agent: *\nDisallow: /news/\n")
					return
				}
				http.Redirect(w, r, "/robots.txt?real=1", http.StatusMovedPermanently)
			},
			path: "/news/a", wantErr: ErrRobots,
		},
		"redirect loop: everything allowed": {
			robots: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/robots.txt?again", http.StatusFound)
			},
			path: "/private/a",
		},
		"HTML soft 404: nothing to obey": {
			robots: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, "<html><body><h1>Page not found</h1><p>Disallow: nothing here</p></body></html>")
			},
			path: "/private/a",
		},
		"only the first 500 KiB count": {
			robots: robotsBody("User-agent: *\n" + strings.Repeat("Disallow: /some/long/path/to/nowhere\n", 20000) + "Disallow: /\n"),
			path:   "/news/a",
		},
		"gzip bomb": {
			robots: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipBomb())
			},
			path: "/news/a",
		},
		"ignored when told to": {
			robots: robotsBody("User-agent: *\nDisallow: /\n"), path: "/private/a",
			opts: Options{IgnoreRobots: true},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			site := &robotsSite{robots: tt.robots}
			srv := serve(t, site.ServeHTTP)
			target := srv.URL + tt.path
			page, err := newTestClient(tt.opts).GetPage(t.Context(), target)
			wantRobots := 1
			if tt.opts.IgnoreRobots {
				wantRobots = 0
			}
			if got := site.count("/robots.txt"); got < wantRobots || (wantRobots == 0 && got != 0) {
				t.Errorf("robots.txt requested %d times, want %d", got, wantRobots)
			}
			pagePath, _, _ := strings.Cut(tt.path, "?")
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("GetPage: %v", err)
				}
				if !strings.Contains(string(page.Body), "Article") || site.count(pagePath) != 1 {
					t.Errorf("page %q not fetched once (%d requests)", page.Body, site.count(pagePath))
				}
				return
			}
			checkError(t, err, tt.wantErr, 0, tt.temporary)
			if n := site.count(pagePath); n != 0 {
				t.Errorf("the page was requested %d times, want 0", n)
			}
			var fe *Error
			errors.As(err, &fe)
			if fe.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", fe.RetryAfter, tt.retryAfter)
			}
			if want := "fetch: " + target + ": " + tt.msg; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message = %q\nwant prefix %q", err, want)
			}
			if errors.Is(err, ErrRobots) && errors.Is(err, ErrRobotsUnavailable) {
				t.Error("error is both ErrRobots and ErrRobotsUnavailable")
			}
		})
	}
}

func TestGetPageRobotsCached(t *testing.T) {
	t.Parallel()
	var robots atomic.Value // of string: "503" or a robots.txt
	robots.Store("User-agent: *\nDisallow: /private\n")
	site := &robotsSite{robots: func(w http.ResponseWriter, r *http.Request) {
		if s := robots.Load().(string); s == "503" {
			w.WriteHeader(503)
		} else {
			io.WriteString(w, s)
		}
	}}
	srv := serve(t, site.ServeHTTP)
	clk := newClock()
	c := newTestClient(Options{})
	c.robots.now = clk.Now

	get := func(path string, wantErr error) {
		t.Helper()
		_, err := c.GetPage(t.Context(), srv.URL+path)
		if (wantErr == nil && err != nil) || !errors.Is(err, wantErr) {
			t.Errorf("GetPage(%s) = %v, want %v", path, err, wantErr)
		}
	}
	fetches := func(want int) {
		t.Helper()
		if got := site.count("/robots.txt"); got != want {
			t.Errorf("robots.txt fetched %d times, want %d", got, want)
		}
	}

	get("/a", nil)
	get("/private/a", ErrRobots)
	get("/b", nil)
	fetches(1)

	clk.Add(robotsTTL - time.Second)
	get("/c", nil)
	fetches(1)

	// Expired, and now robots.txt fails: the last copy stays in force.
	robots.Store("503")
	clk.Add(time.Second)
	get("/private/b", ErrRobots)
	get("/d", nil)
	fetches(2)

	// The failure is remembered for robotsRetry, then robots.txt is asked
	// again; the stale copy still holds.
	clk.Add(robotsRetry)
	get("/e", nil)
	fetches(3)

	// Back, with new rules.
	robots.Store("User-agent: *\nDisallow: /\n")
	clk.Add(robotsRetry)
	get("/f", ErrRobots)
	fetches(4)
}

func TestGetPageRobotsFailureRemembered(t *testing.T) {
	t.Parallel()
	site := &robotsSite{robots: robotsStatus(500)}
	srv := serve(t, site.ServeHTTP)
	clk := newClock()
	c := newTestClient(Options{})
	c.robots.now = clk.Now
	for range 3 {
		_, err := c.GetPage(t.Context(), srv.URL+"/a")
		checkError(t, err, ErrRobotsUnavailable, 0, true)
	}
	if got := site.count("/robots.txt"); got != 1 {
		t.Errorf("robots.txt fetched %d times within a minute, want 1", got)
	}
	clk.Add(robotsRetry)
	site.setRobots(robotsStatus(404))
	if _, err := c.GetPage(t.Context(), srv.URL+"/a"); err != nil {
		t.Errorf("after robots.txt recovered: %v", err)
	}
	if got := site.count("/robots.txt"); got != 2 {
		t.Errorf("robots.txt fetched %d times, want 2", got)
	}
}

func TestGetPageRobotsFetchedOnce(t *testing.T) {
	t.Parallel()
	const callers = 8
	release := make(chan struct{})
	site := &robotsSite{robots: func(w http.ResponseWriter, r *http.Request) {
		<-release
		io.WriteString(w, "User-agent: *\nDisallow: /private\n")
	}}
	srv := serve(t, site.ServeHTTP)
	c := newTestClient(Options{PerHost: 2})
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := range callers {
		wg.Go(func() {
			_, err := c.GetPage(t.Context(), fmt.Sprintf("%s/news/%d", srv.URL, i))
			errs <- err
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all queue up
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := site.count("/robots.txt"); got != 1 {
		t.Errorf("robots.txt fetched %d times by %d concurrent callers, want 1", got, callers)
	}
}

func TestGetPageRobotsFetcherGivesUp(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 2)
	var calls atomic.Int32
	site := &robotsSite{robots: func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			arrived <- struct{}{}
			<-r.Context().Done() // the first caller gives up while waiting
			return
		}
		io.WriteString(w, "User-agent: *\nDisallow: /private\n")
	}}
	srv := serve(t, site.ServeHTTP)
	c := newTestClient(Options{})

	first, cancelFirst := context.WithCancel(t.Context())
	errFirst := make(chan error, 1)
	go func() {
		_, err := c.GetPage(first, srv.URL+"/a")
		errFirst <- err
	}()
	<-arrived
	errSecond := make(chan error, 1)
	go func() {
		_, err := c.GetPage(t.Context(), srv.URL+"/b")
		errSecond <- err
	}()
	time.Sleep(20 * time.Millisecond) // the second waits for the first's fetch
	cancelFirst()
	checkError(t, <-errFirst, context.Canceled, 0, true)
	if err := <-errSecond; err != nil {
		t.Errorf("the waiting caller failed: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("robots.txt fetched %d times, want 2", n)
	}
}

func TestGetPageRobotsAfterRedirect(t *testing.T) {
	t.Parallel()
	other := &robotsSite{robots: robotsBody("User-agent: *\nDisallow: /private\n")}
	otherSrv := serve(t, other.ServeHTTP)
	first := &robotsSite{robots: robotsStatus(404)}
	firstSrv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/go" {
			http.Redirect(w, r, otherSrv.URL+"/private/a", http.StatusFound)
			return
		}
		first.ServeHTTP(w, r)
	})
	_, err := newTestClient(Options{}).GetPage(t.Context(), firstSrv.URL+"/go")
	checkError(t, err, ErrRobots, 0, false)
	if n := other.count("/robots.txt"); n != 1 {
		t.Errorf("the redirect target's robots.txt was fetched %d times, want 1", n)
	}
	if n := other.count("/private/a"); n != 0 {
		t.Errorf("the disallowed redirect target was requested %d times", n)
	}
	if want := "fetch: " + firstSrv.URL + "/go: "; err != nil && !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q does not name the target", err)
	}
}
