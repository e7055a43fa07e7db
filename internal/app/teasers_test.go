package app_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/sample"
	"github.com/newsdigest/newsdigest/internal/text"
)

// TestTeaserFeedsKeepQuotes republishes the bundled sample feeds as teaser
// feeds — each item a title, its first sentence and a link to a page with
// the article amid site furniture — on a loopback server, and checks that
// the digest built from them keeps what the full-text digest has: most of
// its quotes, Rutte's "tough negotiator" attributed to him, and summaries
// free of furniture. It also checks the page stage's manners: robots.txt
// obeyed, never more than fetch.per_host requests at once, each page
// fetched once.
func TestTeaserFeedsKeepQuotes(t *testing.T) {
	ctx := context.Background()
	articles := sample.Articles(t)

	// (a) The bundled full-text feeds.
	full := tqConfig(t)
	fullDigest := tqDigest(ctx, t, full)

	// (b) The same articles as teaser feeds on a loopback server.
	site := newTQSite(t, articles)
	teased := tqConfig(t)
	for i, f := range teased.Feeds {
		if site.feeds[f.Name] == nil {
			t.Fatalf("no sample articles for feed %s", f.Name)
		}
		teased.Feeds[i].URL = site.URL + "/feeds/" + f.Name + ".xml"
		teased.Feeds[i].FullText = "" // auto
	}
	if problems := teased.Validate(); len(problems) > 0 {
		t.Fatalf("teaser config: %v", problems)
	}
	a, teaserDigest := tqDigestApp(ctx, t, teased)
	defer a.Close()

	fullQuotes, teaserQuotes := tqQuotes(fullDigest), tqQuotes(teaserDigest)
	t.Logf("quotes: full text %d, teasers %d; stories: %d, %d; page requests %d, at most %d at once",
		fullQuotes, teaserQuotes, len(fullDigest.Stories), len(teaserDigest.Stories), site.pageRequests(), site.maxInFlight())
	if fullQuotes == 0 {
		t.Fatal("the full-text digest has no quotes; the test no longer shows what it should")
	}
	if teaserQuotes*5 < fullQuotes*4 {
		t.Errorf("teaser feeds give %d quotes, under 80%% of the full-text feeds' %d", teaserQuotes, fullQuotes)
	}
	for name, d := range map[string]news.Digest{"full text": fullDigest, "teasers": teaserDigest} {
		tough := 0
		for _, s := range d.Stories {
			for _, q := range s.Quotes {
				if strings.Contains(q.Text, "tough negotiator") || strings.Contains(q.Excerpt, "tough negotiator") {
					tough++
					if q.Speaker != "Mark Rutte" {
						t.Errorf("%s: %q is attributed to %q, want Mark Rutte", name, q.Text, q.Speaker)
					}
				}
			}
			for _, furniture := range []string{"cookies", "Share on", "Related", "newsletter", "All rights reserved", "Sign up"} {
				if strings.Contains(s.Summary, furniture) || strings.Contains(s.Headline, furniture) {
					t.Errorf("%s: story %q shows site furniture %q: %s", name, s.Headline, furniture, s.Summary)
				}
			}
		}
		if tough == 0 {
			t.Errorf("%s: the digest lacks Rutte's \"tough negotiator\" quote", name)
		}
	}

	// Every page was read (from the page, not the teaser) but the one
	// robots.txt disallows, which was never asked for.
	counts, err := a.Store.PageCounts(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	total := map[string]int{}
	for _, byStatus := range counts {
		for st, n := range byStatus {
			total[st] += n
		}
	}
	if total[news.PageOK] != len(articles) || total[news.PageRobots] != 1 || len(total) != 2 {
		t.Errorf("page outcomes %v, want ok %d and robots 1", total, len(articles))
	}
	if n := site.hits(tqPrivatePath); n != 0 {
		t.Errorf("the page robots.txt disallows was requested %d time(s)", n)
	}
	if n := site.pageRequests(); n != len(articles) {
		t.Errorf("%d page requests, want one per article (%d)", n, len(articles))
	}
	if m, per := site.maxInFlight(), teased.Fetch.PerHost; m > per || m < 1 {
		t.Errorf("at most %d requests at once to the one host, want 1 to fetch.per_host (%d)", m, per)
	}

	// A second poll fetches the feeds again but no page.
	before := site.pageRequests()
	if _, err := a.Poll(ctx, poll.Force); err != nil {
		t.Fatal(err)
	}
	if n := site.pageRequests() - before; n != 0 {
		t.Errorf("the second poll requested %d page(s) again", n)
	}
	if site.feedRequests() < 2*len(teased.Feeds) {
		t.Errorf("%d feed requests, want every feed polled twice", site.feedRequests())
	}
}

// tqConfig loads the bundled config with its state in a temp dir
// and room for every story in the digest.
func tqConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load("../../configs/newsdigest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	cfg.Storage.Path = filepath.Join(cfg.DataDir, "newsdigest.db")
	cfg.Digest.MaxStories = 50
	if cfg.Fetch.DenyPrivate {
		t.Fatal("the bundled config refuses loopback")
	}
	return cfg
}

// tqDigest composes the digest as the digest command does.
func tqDigest(ctx context.Context, t *testing.T, cfg *config.Config) news.Digest {
	t.Helper()
	a, d := tqDigestApp(ctx, t, cfg)
	a.Close()
	return d
}

func tqDigestApp(ctx context.Context, t *testing.T, cfg *config.Config) (*app.App, news.Digest) {
	t.Helper()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	reports, err := a.Poll(ctx, poll.Manual)
	if err != nil {
		a.Close()
		t.Fatal(err)
	}
	for _, r := range reports {
		if r.Err != nil || r.Skipped != "" {
			t.Errorf("feed %s: %v %s", r.FeedID, r.Err, r.Skipped)
		}
	}
	end, err := a.DigestEnd(ctx)
	if err != nil {
		a.Close()
		t.Fatal(err)
	}
	d, err := a.Digest(ctx, end, nil)
	if err != nil {
		a.Close()
		t.Fatal(err)
	}
	return a, d
}

func tqQuotes(d news.Digest) int {
	n := 0
	for _, s := range d.Stories {
		n += len(s.Quotes)
	}
	return n
}

// tqPrivatePath is the page of the extra teaser item that robots.txt
// disallows.
const tqPrivatePath = "/private/harbour-ferry-timetable.html"

// tqSite serves the sample articles as a news site would: an RSS
// teaser feed per outlet, a page per article, and a robots.txt that keeps
// crawlers out of /private/. It counts the requests and how many were
// served at once.
type tqSite struct {
	*httptest.Server
	feeds map[string][]byte // feed name → RSS
	pages map[string][]byte // path → HTML

	mu            sync.Mutex
	inFlight, max int
	requests      map[string]int // path → requests
}

func newTQSite(t *testing.T, articles []news.Article) *tqSite {
	t.Helper()
	s := &tqSite{feeds: map[string][]byte{}, pages: map[string][]byte{}, requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	byFeed := map[string][]news.Article{}
	var names []string
	for _, a := range articles {
		if byFeed[a.FeedID] == nil {
			names = append(names, a.FeedID)
		}
		byFeed[a.FeedID] = append(byFeed[a.FeedID], a)
	}
	for _, name := range names {
		var items strings.Builder
		for i, a := range byFeed[name] {
			path := fmt.Sprintf("/%s/%s-%d.html", name, tqSlug(a.Title), i)
			s.pages[path] = tqPage(a.Title, strings.Split(a.Text, "\n"))
			items.WriteString(tqItem(a.Title, s.URL+path, a.Published, tqFirstSentence(a.Text)))
		}
		if name == names[0] {
			// One more item, whose page the site keeps from crawlers.
			s.pages[tqPrivatePath] = tqPage("Harbour ferry timetable changes for the summer",
				[]string{"The harbour ferries will run every twenty minutes from June, the operator said on Monday."})
			items.WriteString(tqItem("Harbour ferry timetable changes for the summer", s.URL+tqPrivatePath,
				byFeed[name][0].Published, "The harbour ferries will run more often from June."))
		}
		s.feeds[name] = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<rss version="2.0"><channel><title>` + html.EscapeString(name) + `</title><link>` + s.URL + `/</link>` +
			`<description>Latest news</description><language>en</language>` + "\n" + items.String() + "</channel></rss>\n")
	}
	return s
}

func (s *tqSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inFlight++
	s.max = max(s.max, s.inFlight)
	s.requests[r.URL.Path]++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
	case strings.HasPrefix(p, "/feeds/") && strings.HasSuffix(p, ".xml"):
		feed, ok := s.feeds[strings.TrimSuffix(strings.TrimPrefix(p, "/feeds/"), ".xml")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(feed)
	default:
		page, ok := s.pages[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		time.Sleep(2 * time.Millisecond) // long enough for requests to overlap
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}
}

func (s *tqSite) hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

func (s *tqSite) maxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.max
}

// pageRequests counts the requests for article pages.
func (s *tqSite) pageRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.requests {
		if _, ok := s.pages[p]; ok {
			n += c
		}
	}
	return n
}

func (s *tqSite) feedRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.requests {
		if strings.HasPrefix(p, "/feeds/") {
			n += c
		}
	}
	return n
}

// tqItem is a teaser item: title, link and a sentence.
func tqItem(title, link string, published time.Time, teaser string) string {
	return "<item><title>" + html.EscapeString(title) + "</title><link>" + html.EscapeString(link) + "</link>" +
		`<guid isPermaLink="true">` + html.EscapeString(link) + "</guid><pubDate>" + published.Format(time.RFC1123Z) + "</pubDate>" +
		"<description>" + html.EscapeString(teaser) + "</description></item>\n"
}

// tqFirstSentence is a feed's teaser for an article text.
func tqFirstSentence(body string) string {
	for _, s := range text.Sentences(body) {
		if s = strings.TrimSpace(s); s != "" {
			return text.Clip(s, 200)
		}
	}
	return ""
}

func tqSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// tqPage is a news site's article page: the paragraphs amid a cookie
// banner, navigation, share buttons, a newsletter box, related links and
// a footer, as on feeds/northern-herald/*.html.
func tqPage(title string, paras []string) []byte {
	var body strings.Builder
	for _, p := range paras {
		if p = strings.TrimSpace(p); p != "" {
			body.WriteString("    <p>" + html.EscapeString(p) + "</p>\n")
		}
	}
	t := html.EscapeString(title)
	return []byte(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>` + t + ` | The Daily Loopback</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="` + t + `">
</head>
<body>
<div id="cookie-banner" class="cookie-consent">
  <p>We use cookies to improve your experience and to show you personalised advertising. By clicking "Accept all" you agree to our use of cookies.</p>
  <button>Accept all</button> <button>Manage preferences</button>
</div>
<header class="site-header">
  <a class="logo" href="/">The Daily Loopback</a>
  <nav class="main-nav"><ul>
    <li><a href="/world/">World</a></li><li><a href="/europe/">Europe</a></li><li><a href="/business/">Business</a></li>
    <li><a href="/opinion/">Opinion</a></li><li><a href="/sport/">Sport</a></li><li><a href="/subscribe/">Subscribe</a></li>
  </ul></nav>
</header>
<main>
<article class="story">
  <header>
    <p class="kicker"><a href="/world/">World</a></p>
    <h1>` + t + `</h1>
    <p class="byline">By Staff Reporter · 3 min read</p>
    <ul class="share"><li><a href="#">Share on Facebook</a></li><li><a href="#">Share on X</a></li><li><a href="#">Email</a></li><li><a href="#">Copy link</a></li></ul>
  </header>
  <div class="story-body">
` + body.String() + `  </div>
  <aside class="newsletter"><h3>Get the Morning Briefing</h3><p>Sign up for our newsletter: the day's essential news in your inbox before breakfast.</p><form><input type="email" placeholder="Your email"><button>Sign up</button></form></aside>
</article>
<section class="related">
  <h2>Related stories</h2>
  <ul>
    <li><a href="/world/defence-ministers-meet">Defence ministers meet in Brussels as allies weigh spending</a></li>
    <li><a href="/europe/security-conference-preview">Security conference: what to watch this weekend</a></li>
    <li><a href="/business/markets-week-ahead">Markets: the week ahead</a></li>
  </ul>
</section>
</main>
<footer class="site-footer">
  <p>© 2025 Daily Loopback Media. All rights reserved.</p>
  <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
</footer>
</body>
</html>
`)
}
