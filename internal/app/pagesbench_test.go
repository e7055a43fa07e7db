package app_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	nurl "net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	xhtml "golang.org/x/net/html"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/procstat"
)

// The teaser outlets of BenchmarkPages: each is a site of its own, serving
// one teaser feed, its article pages and a robots.txt.
const (
	pageSites    = 20
	pagesPerSite = 50
	newPerPoll   = 2  // items each feed gains before the steady-state poll
	pageWorkers  = 16 // fetch.page_concurrency's default
)

// BenchmarkPages ingests 1,000 teaser items whose article pages are served
// on loopback — 20 sites, each one teaser feed of 50 items — through the
// service's own pipeline with the default config (App.Poll: the feed
// poll, with the page stage beside it, into SQLite in a temporary
// directory), and compares it, in the same run and alternating, with:
//
//   - irreducible: bare HTTP GETs of the 20 feeds and 1,000 pages, 16 at
//     a time (fetch.page_concurrency), each page parsed and handed to go-trafilatura alone (the
//     options internal/extract uses) in the worker that fetched it: what
//     any implementation has to do;
//   - feeds-only: App.Poll of the same feeds with full_text: never.
//
// After the first poll each feed gains 2 items and is polled again (the
// steady state: 40 new pages), with pages and feeds-only.
//
// Each site listens on a loopback address of its own (127.0.0.2,
// 127.0.0.3, …), since fetch's per-host limit is keyed by host name.
// latency=20ms makes every response wait 20 ms first, as a server across
// the internet does. Reported: full/irreducible (wall, and cpu- for the
// process's CPU time), the first and the steady-state poll with pages
// against feeds-only, the mean number of requests in flight during the
// full poll and the irreducible work (the concurrency the fetching
// actually got), and the process's peak RSS during the polls with pages;
// base-RSS-MiB is what the process held when that measurement started
// (the harness: servers with their pages, the Go runtime). ns/op is all
// three measurements together.
func BenchmarkPages(b *testing.B) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%v", latency), func(b *testing.B) { pagesBench(b, latency) })
	}
}

// polled is what pollTwice measured.
type polled struct {
	first, firstCPU, steady time.Duration
	firstBusy               time.Duration // see loopSites.busy
}

func pagesBench(b *testing.B, latency time.Duration) {
	sites := startSites(b, latency)
	feedURLs, pageURLs := sites.urls()
	ctx := context.Background()

	var irreducible, irreducibleCPU, bare, irreducibleBusy time.Duration
	var full, feedsOnly polled
	var peak, base int64
	for i := 0; b.Loop(); i++ {
		// Alternate the order, so that no side always runs on a machine
		// another has just warmed up (or heated up).
		steps := []func(){
			func() {
				busy := sites.busy.Load()
				t, c, f := irreducibleWork(b, feedURLs, pageURLs, func() {
					irreducibleBusy += time.Duration(sites.busy.Load() - busy)
				})
				irreducible += t
				irreducibleCPU += c
				bare += f
			},
			func() {
				procstat.ResetPeak()
				base = max(base, procstat.Peak())
				p := pollTwice(ctx, b, sites, "auto")
				peak = max(peak, procstat.Peak())
				full.first += p.first
				full.firstCPU += p.firstCPU
				full.steady += p.steady
				full.firstBusy += p.firstBusy
			},
			func() {
				p := pollTwice(ctx, b, sites, "never")
				feedsOnly.first += p.first
				feedsOnly.steady += p.steady
			},
		}
		if i%2 == 1 {
			steps[0], steps[1], steps[2] = steps[1], steps[2], steps[0]
		}
		for _, step := range steps {
			step()
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(full.first)/float64(irreducible), "full/irreducible")
	b.ReportMetric(float64(full.firstCPU)/float64(irreducibleCPU), "cpu-full/irreducible")
	b.ReportMetric(float64(full.first)/float64(feedsOnly.first), "full/feeds-only")
	b.ReportMetric(float64(full.steady)/float64(feedsOnly.steady), "steady/feeds-only")
	b.ReportMetric(full.first.Seconds()/n, "full-s")
	b.ReportMetric(full.firstCPU.Seconds()/n, "full-cpu-s")
	b.ReportMetric(irreducible.Seconds()/n, "irreducible-s")
	b.ReportMetric(irreducibleCPU.Seconds()/n, "irreducible-cpu-s")
	b.ReportMetric(bare.Seconds()/n, "bare-fetch-s")
	b.ReportMetric(feedsOnly.first.Seconds()/n, "feeds-only-s")
	b.ReportMetric(full.steady.Seconds()*1000/n, "steady-ms")
	b.ReportMetric(feedsOnly.steady.Seconds()*1000/n, "steady-feeds-only-ms")
	b.ReportMetric(float64(pageSites*pagesPerSite)*n/full.first.Seconds(), "pages/s")
	b.ReportMetric(float64(full.firstBusy)/float64(full.first), "in-flight-full")
	b.ReportMetric(float64(irreducibleBusy)/float64(irreducible), "in-flight-irreducible")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(base)/(1<<20), "base-RSS-MiB")
}

// pollTwice opens a fresh store under the default config with the sites'
// feeds in the given full_text mode, and times App.Poll (the feeds, then
// the page stage) twice: first with 50 items per feed, then after each
// feed gained newPerPoll items. It checks what was stored.
func pollTwice(ctx context.Context, b *testing.B, s *loopSites, fullText string) (p polled) {
	dir := b.TempDir()
	var conf strings.Builder
	fmt.Fprintf(&conf, "data_dir: %s\nlog: {level: error}\nfeeds:\n", dir)
	for i, srv := range s.servers {
		fmt.Fprintf(&conf, "  - {name: site%02d, outlet: Site %d, url: %s/world/rss.xml, language: en, full_text: %s}\n", i, i, srv.URL, fullText)
	}
	path := filepath.Join(dir, "newsdigest.yaml")
	if err := os.WriteFile(path, []byte(conf.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()

	poll1 := func(newItems, wantPages int) (wall, cpu, busy time.Duration) {
		b0, c0, t0 := s.busy.Load(), procstat.CPU(), time.Now()
		reports, err := a.Poll(ctx, poll.Force)
		wall, cpu, busy = time.Since(t0), procstat.CPU()-c0, time.Duration(s.busy.Load()-b0)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range reports {
			if r.Err != nil || r.Added != newItems {
				b.Fatalf("feed %s: added %d, want %d; err %v", r.FeedID, r.Added, newItems, r.Err)
			}
		}
		arts, err := a.Store.Articles(ctx, time.Time{}, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		fromPage := 0
		for _, art := range arts {
			if art.TextSource == "page" {
				fromPage++
			}
		}
		if fullText == "never" {
			wantPages = 0
		}
		if fromPage != wantPages {
			b.Fatalf("full_text %s: %d articles have their page's text, want %d", fullText, fromPage, wantPages)
		}
		return wall, cpu, busy
	}
	s.grown.Store(false)
	p.first, p.firstCPU, p.firstBusy = poll1(pagesPerSite, pageSites*pagesPerSite)
	s.grown.Store(true)
	p.steady, _, _ = poll1(newPerPoll, pageSites*(pagesPerSite+newPerPoll))
	return p
}

// irreducibleWork fetches every feed and page with bare GETs, pageWorkers
// at a time, and in the worker that fetched it parses each page
// (x/net/html: the pages are UTF-8 and say so) and runs go-trafilatura on
// it. (trafilatura.Extract would parse with go-shiori/dom, which first
// guesses the charset with gogs/chardet: twice the CPU.) It returns the
// wall and CPU time of that, and the wall time of the same fetches alone;
// measured is called between the two.
func irreducibleWork(b *testing.B, feedURLs, pageURLs []string, measured func()) (wall, cpu, fetchOnly time.Duration) {
	all := append(append([]string(nil), feedURLs...), pageURLs...)
	run := func(extract bool) (time.Duration, time.Duration) {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: pageWorkers}}
		defer client.CloseIdleConnections()
		jobs := make(chan string)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failed []string
		fail := func(format string, args ...any) {
			mu.Lock()
			failed = append(failed, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
		c0, t0 := procstat.CPU(), time.Now()
		for range pageWorkers {
			wg.Go(func() {
				for u := range jobs {
					resp, err := client.Get(u)
					if err != nil {
						fail("%s: %v", u, err)
						continue
					}
					body, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					if err != nil || resp.StatusCode != http.StatusOK {
						fail("%s: %d %v", u, resp.StatusCode, err)
						continue
					}
					if !extract || !strings.HasSuffix(u, ".html") {
						continue
					}
					doc, err := xhtml.Parse(bytes.NewReader(body))
					if err != nil {
						fail("%s: %v", u, err)
						continue
					}
					res, err := trafilatura.ExtractDocument(doc, trafilaturaOptions(u))
					if err != nil || res == nil || len(res.ContentText) < 1000 {
						fail("%s: extraction failed (%v)", u, err)
					}
				}
			})
		}
		for _, u := range all {
			jobs <- u
		}
		close(jobs)
		wg.Wait()
		took, cpu := time.Since(t0), procstat.CPU()-c0
		if len(failed) > 0 {
			b.Fatalf("%d of %d bare fetches failed, e.g. %s", len(failed), len(all), failed[0])
		}
		return took, cpu
	}
	wall, cpu = run(true)
	measured()
	fetchOnly, _ = run(false)
	return wall, cpu, fetchOnly
}

// trafilaturaOptions are internal/extract's options.
func trafilaturaOptions(pageURL string) trafilatura.Options {
	u, _ := nurl.ParseRequestURI(pageURL)
	return trafilatura.Options{Focus: trafilatura.Balanced, ExcludeComments: true, HtmlDateMode: trafilatura.Disabled, OriginalURL: u}
}

// loopSites are the benchmark's loopback sites.
type loopSites struct {
	servers []*httptest.Server
	slugs   [][]string // per site, its articles' paths, newest first
	// grown makes the feeds carry newPerPoll more items; else they
	// carry pagesPerSite.
	grown atomic.Bool
	// busy is the time all requests took to answer, summed: divided by a
	// wall time it is the mean number of requests in flight.
	busy atomic.Int64
}

// urls returns the feeds and the pages they link to before they grow.
func (s *loopSites) urls() (feeds, pages []string) {
	for i, srv := range s.servers {
		feeds = append(feeds, srv.URL+"/world/rss.xml")
		for _, slug := range s.slugs[i][newPerPoll:] {
			pages = append(pages, srv.URL+slug)
		}
	}
	return feeds, pages
}

// startSites starts the sites, each on a loopback address of its own
// where the system has them (Linux routes all of 127/8 to lo); elsewhere
// they share 127.0.0.1 and hence the per-host limit.
func startSites(b *testing.B, latency time.Duration) *loopSites {
	r := rand.New(rand.NewPCG(7, 11))
	s := &loopSites{}
	shared := false
	for i := range pageSites {
		site := newsSite(r, i)
		s.slugs = append(s.slugs, site.order)
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			start := time.Now()
			defer func() { s.busy.Add(int64(time.Since(start))) }()
			time.Sleep(latency)
			switch p := req.URL.Path; {
			case p == "/robots.txt":
				io.WriteString(w, "User-agent: *\nDisallow: /account/\nDisallow: /search\n")
			case p == "/world/rss.xml":
				w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
				w.Write(site.feed(req.Host, s.grown.Load()))
			case site.pages[p] != nil:
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(site.pages[p])
			default:
				http.NotFound(w, req)
			}
		}))
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", 2+i)); err == nil {
			srv.Listener.Close()
			srv.Listener = l
		} else {
			shared = true
		}
		srv.Start()
		b.Cleanup(srv.Close)
		s.servers = append(s.servers, srv)
	}
	if shared {
		b.Log("some sites share 127.0.0.1, and so one per-host limit")
	}
	return s
}

// newsSiteData is one generated site: its pages by path, their order in
// the feed, and the feed's items.
type newsSiteData struct {
	name  string
	pages map[string][]byte
	order []string
	items []feedItem
}

type feedItem struct{ title, path, teaser, guid string }

// feed renders the site's RSS feed with links on host, newest item
// first; all items when grown, else all but the newest newPerPoll.
func (s *newsSiteData) feed(host string, grown bool) []byte {
	items := s.items
	if !grown {
		items = items[newPerPoll:]
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>%s – World</title><link>http://%s/world/</link><description>World news</description><language>en</language>
`, s.name, host)
	pub := time.Now().UTC().Truncate(time.Minute)
	for i, it := range items {
		fmt.Fprintf(&sb, "<item><title>%s</title><link>http://%s%s</link><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			html.EscapeString(it.title), host, it.path, it.guid, pub.Add(-time.Duration(i)*17*time.Minute).Format(time.RFC1123Z), html.EscapeString(it.teaser))
	}
	sb.WriteString("</channel></rss>\n")
	return []byte(sb.String())
}

// newsSite generates site i: 52 article pages with a news site's
// furniture (cookie banner, navigation, share buttons, a figure,
// newsletter box, most-read list, related stories, footer, JSON-LD and an
// analytics snippet) around 6–10 paragraphs of varied text, and feed items
// whose teaser is the article's first sentence, cut off.
func newsSite(r *rand.Rand, i int) *newsSiteData {
	s := &newsSiteData{name: fmt.Sprintf("The %s %s", pick(r, placeNames), pick(r, paperNames)), pages: map[string][]byte{}}
	headlines := make([]string, pagesPerSite+newPerPoll)
	for j := range headlines {
		headlines[j] = headline(r)
	}
	for j := range headlines {
		slug := fmt.Sprintf("/world/%s-%d.html", strings.ToLower(strings.Join(strings.Fields(strings.Map(func(c rune) rune {
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == ' ' {
				return c
			}
			return -1
		}, headlines[j]))[:4], "-")), 100000+i*1000+j)
		paras := make([]string, 6+r.IntN(5))
		for k := range paras {
			paras[k] = paragraph(r, k == 0)
		}
		first, _, _ := strings.Cut(paras[0], ". ")
		words := strings.Fields(first)
		teaser := strings.Join(words[:min(len(words), 18)], " ") + " …"
		s.order = append(s.order, slug)
		s.items = append(s.items, feedItem{title: headlines[j], path: slug, teaser: teaser, guid: fmt.Sprintf("site%02d-%d", i, j)})
		s.pages[slug] = articlePage(r, s.name, headlines, j, paras)
	}
	return s
}

// articlePage renders one article page.
func articlePage(r *rand.Rand, site string, headlines []string, j int, paras []string) []byte {
	var sb strings.Builder
	h := html.EscapeString(headlines[j])
	author := pick(r, firstNames) + " " + pick(r, lastNames)
	fmt.Fprintf(&sb, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%[1]s | %[2]s</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="%[3]s">
<meta property="og:title" content="%[1]s">
<meta property="og:type" content="article">
<meta property="og:site_name" content="%[2]s">
<link rel="stylesheet" href="/static/css/main.3f9a2c.css">
<link rel="stylesheet" href="/static/css/article.b81d0e.css">
<link rel="preload" href="/static/fonts/serif.woff2" as="font" crossorigin>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"%[1]s","author":{"@type":"Person","name":"%[4]s"},"publisher":{"@type":"Organization","name":"%[2]s"},"datePublished":"2025-02-13T21:10:00+01:00"}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());gtag("config","G-XXXXXXX",{anonymize_ip:true,section:"world",article_id:%[5]d});(function(d,s){var e=d.createElement(s);e.async=1;e.src="/static/js/ads.js";d.head.appendChild(e)})(document,"script");</script>
</head>
<body class="article-page">
<div id="cookie-banner" class="cookie-consent">
  <p>We use cookies to improve your experience and to show you personalised advertising. By clicking "Accept all" you agree to our use of cookies.</p>
  <button>Accept all</button> <button>Manage preferences</button>
</div>
<header class="site-header">
  <a class="logo" href="/">%[2]s</a>
  <form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Search</button></form>
  <nav class="main-nav"><ul>
`, h, html.EscapeString(site), html.EscapeString(strings.TrimSuffix(paras[0][:min(len(paras[0]), 150)], " ")), author, r.IntN(1e6))
	for _, sec := range sections {
		fmt.Fprintf(&sb, `    <li><a href="/%s/">%s</a></li>`+"\n", strings.ToLower(sec), sec)
	}
	sb.WriteString(`  </ul></nav>
  <div class="ticker"><span>Breaking</span><ul>`)
	for k := range 3 {
		fmt.Fprintf(&sb, `<li><a href="/world/live-%d">%s</a></li>`, k, html.EscapeString(headlines[(j+k+1)%len(headlines)]))
	}
	fmt.Fprintf(&sb, `</ul></div>
</header>
<main>
<article class="story">
  <header>
    <p class="kicker"><a href="/world/">World</a></p>
    <h1>%s</h1>
    <p class="byline">By %s · <time>13 February 2025, 21:10</time> · %d min read</p>
    <ul class="share"><li><a href="#">Share on Facebook</a></li><li><a href="#">Share on X</a></li><li><a href="#">Email</a></li><li><a href="#">Copy link</a></li></ul>
  </header>
  <figure class="lead-image"><img src="/img/%d.jpg" alt="" width="1200" height="675"><figcaption>%s (Photo: %s / Agency)</figcaption></figure>
  <div class="story-body">
`, h, author, 2+len(paras)/2, r.IntN(1e6), html.EscapeString(sentence(r)), pick(r, lastNames))
	for k, p := range paras {
		fmt.Fprintf(&sb, "    <p>%s</p>\n", html.EscapeString(p))
		if k == 2 {
			fmt.Fprintf(&sb, `    <div class="ad-slot" data-slot="mid-article"><span>Advertisement</span></div>
    <p class="read-also"><strong>Read more:</strong> <a href="/world/related-%d">%s</a></p>
`, r.IntN(1e6), html.EscapeString(headlines[(j+7)%len(headlines)]))
		}
	}
	sb.WriteString(`  </div>
  <ul class="tags">`)
	for range 4 {
		fmt.Fprintf(&sb, `<li><a href="/tag/%[1]s">%[1]s</a></li>`, strings.ToLower(pick(r, placeNames)))
	}
	sb.WriteString(`</ul>
  <aside class="newsletter"><h3>Get the Morning Briefing</h3><p>The day's essential news in your inbox before breakfast.</p><form><input type="email" placeholder="Your email"><button>Sign up</button></form></aside>
</article>
<aside class="most-read"><h2>Most read</h2><ol>
`)
	for k := range 10 {
		fmt.Fprintf(&sb, `  <li><a href="/world/most-read-%d">%s</a></li>`+"\n", k, html.EscapeString(headlines[(j+3*k+2)%len(headlines)]))
	}
	sb.WriteString(`</ol></aside>
<section class="related">
  <h2>Related stories</h2>
  <ul>
`)
	for k := range 4 {
		fmt.Fprintf(&sb, `    <li><a href="/world/related-%d"><img src="/img/t%d.jpg" alt="">%s</a></li>`+"\n", k, r.IntN(1e6), html.EscapeString(headlines[(j+5*k+11)%len(headlines)]))
	}
	fmt.Fprintf(&sb, `  </ul>
</section>
</main>
<footer class="site-footer">
  <ul>`)
	for _, f := range footerLinks {
		fmt.Fprintf(&sb, `<li><a href="/%s">%s</a></li>`, strings.ToLower(strings.ReplaceAll(f, " ", "-")), f)
	}
	fmt.Fprintf(&sb, `</ul>
  <p>© 2025 %s Media. All rights reserved.</p>
</footer>
<script src="/static/js/main.7c1e44.js" defer></script>
</body>
</html>
`, html.EscapeString(site))
	return []byte(sb.String())
}

// Text generation: sentences from a few templates over word lists, so that
// every article differs while reading like news.
var (
	firstNames  = []string{"Ingrid", "Mark", "Olena", "Tomasz", "Amira", "Jonas", "Sofia", "Dmytro", "Claire", "Kenji", "Lucía", "Pieter", "Aylin", "Marcus", "Hanna", "Rafael"}
	lastNames   = []string{"Solberg", "Kowalski", "Moreau", "Fischer", "Kovalenko", "Yilmaz", "Haddad", "Lindqvist", "Okafor", "Brennan", "Tanaka", "Novak", "García", "Jansen", "Weber", "Petrov"}
	roles       = []string{"the foreign minister", "a government spokeswoman", "the central bank governor", "the opposition leader", "a senior diplomat", "the defence minister", "the mayor", "an economist at a Frankfurt bank", "the union's chairman", "a regional governor"}
	placeNames  = []string{"Brussels", "Kyiv", "Warsaw", "Berlin", "Ankara", "Geneva", "Vienna", "Helsinki", "Riga", "Madrid", "Lisbon", "Prague", "Oslo", "Athens", "Dublin", "Tallinn"}
	paperNames  = []string{"Herald", "Courier", "Ledger", "Gazette", "Chronicle", "Observer", "Tribune", "Post", "Review", "Dispatch"}
	orgs        = []string{"the European Commission", "NATO", "the International Monetary Fund", "the United Nations", "the finance ministry", "the parliament", "the energy regulator", "the supreme court", "the port authority", "the national railway"}
	subjects    = []string{"negotiators", "officials", "lawmakers", "investors", "farmers", "rescue workers", "prosecutors", "ministers", "analysts", "residents", "diplomats", "the coalition"}
	verbs       = []string{"agreed on", "rejected", "warned against", "called for", "postponed", "approved", "questioned", "pushed for", "criticised", "welcomed", "announced", "examined"}
	objects     = []string{"a ceasefire proposal", "new tariffs on steel", "the budget for next year", "a reform of the pension system", "stricter border controls", "an inquiry into the contracts", "a loan of 2 billion euros", "the merger of two lenders", "emergency funding for hospitals", "a plan to expand wind power", "sanctions on shipping firms", "the sale of the airport"}
	modifiers   = []string{"after weeks of talks", "despite strong objections", "ahead of the summit", "in a late-night session", "for the first time since 2019", "under pressure from allies", "before the election", "amid rising prices", "following the storm", "in a surprise move"}
	things      = []string{"inflation", "unemployment", "gas prices", "rents", "exports", "freight volumes", "grain shipments", "public debt", "electricity demand", "wages"}
	days        = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	months      = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	sections    = []string{"World", "Europe", "Politics", "Business", "Markets", "Technology", "Science", "Climate", "Opinion", "Culture", "Sport", "Travel", "Video", "Podcasts"}
	footerLinks = []string{"About us", "Contact", "Careers", "Advertise", "Privacy policy", "Cookie settings", "Terms of use", "Accessibility", "Newsletters", "RSS feeds", "Corrections", "Archive", "Subscribe", "Help"}
)

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func person(r *rand.Rand) string { return pick(r, firstNames) + " " + pick(r, lastNames) }

func clause(r *rand.Rand) string {
	return pick(r, subjects) + " " + pick(r, verbs) + " " + pick(r, objects) + " " + pick(r, modifiers)
}

func sentence(r *rand.Rand) string {
	switch r.IntN(7) {
	case 0:
		return fmt.Sprintf("%s, %s, said on %s that %s.", person(r), pick(r, roles), pick(r, days), clause(r))
	case 1:
		c := clause(r)
		return fmt.Sprintf("\"%s%s,\" %s told reporters in %s.", strings.ToUpper(c[:1]), c[1:], person(r), pick(r, placeNames))
	case 2:
		return fmt.Sprintf("%s rose by %d.%d percent in %s, %s said, the %s increase in a row.",
			upper(pick(r, things)), 1+r.IntN(9), r.IntN(10), pick(r, months), pick(r, orgs), pick(r, []string{"second", "third", "fourth", "largest"}))
	case 3:
		return fmt.Sprintf("According to %s, %s.", pick(r, orgs), clause(r))
	case 4:
		return fmt.Sprintf("In %s, %s, while %s %s.", pick(r, placeNames), clause(r), pick(r, subjects), pick(r, []string{"stayed silent", "protested outside", "waited for details", "demanded a vote", "said little"}))
	case 5:
		return fmt.Sprintf("%s is expected to decide by %s %d, %s added.", upper(pick(r, orgs)), pick(r, months), 1+r.IntN(28), pick(r, roles))
	default:
		return upper(clause(r)) + "."
	}
}

func paragraph(r *rand.Rand, lead bool) string {
	n := 2 + r.IntN(3)
	var out []string
	if lead {
		out = append(out, fmt.Sprintf("%s — %s, %s said on %s.", strings.ToUpper(pick(r, placeNames)), upper(clause(r)), pick(r, orgs), pick(r, days)))
	}
	for range n {
		out = append(out, sentence(r))
	}
	return strings.Join(out, " ")
}

func headline(r *rand.Rand) string {
	return fmt.Sprintf("%s %s %s as %s %s", upper(pick(r, subjects)), pick(r, verbs), pick(r, objects), pick(r, things), pick(r, []string{"rise", "fall", "stall", "surge", "slump"}))
}

func upper(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
