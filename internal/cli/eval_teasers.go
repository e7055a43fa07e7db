package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/eval"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/text"
)

// teaserRunes is the longest teaser an evaluation feed item carries.
const teaserRunes = 200

// maxTeaserLine bounds one input line: a whole saved page.
const maxTeaserLine = 128 << 20

// teaserPage is one input line: a saved page and its gold article text.
type teaserPage struct {
	ID    string  `json:"id"`
	URL   string  `json:"url"`
	HTML  string  `json:"html"`
	Title string  `json:"title"`
	Body  *string `json:"body"` // gold, optional
}

// teaserOut is one output line: the text the pipeline stored for a page
// and where it came from ("page", "feed", or "missing" when nothing was
// stored).
type teaserOut struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// evalTeasers measures the page stage end to end: it serves every page on
// a loopback server behind an RSS feed of teasers (title, the gold body's
// first sentence, link), runs the real pipeline with the default config
// on it (app.Open, a.Poll), and scores the stored texts against the gold
// bodies as `eval extract` does. It writes {"id","text","source"} per page
// to out and the scores, page outcomes and timing to report; a second poll
// must fetch no page again.
func evalTeasers(ctx context.Context, in io.Reader, out, report io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	pages, err := readTeaserPages(in)
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		return fmt.Errorf("eval: no pages")
	}
	srv := newTeaserServer(pages, time.Now().UTC())
	defer srv.Close()

	dir, err := os.MkdirTemp("", "newsdigest-eval-teasers-")
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.Path = "(eval teasers)"
	cfg.DataDir = dir
	cfg.Storage.Path = filepath.Join(dir, "newsdigest.db")
	cfg.Feeds = []config.Feed{{Name: "teasers", Outlet: "Teaser Feed", URL: srv.URL + "/feed.xml"}}
	if problems := cfg.Validate(); len(problems) > 0 {
		return fmt.Errorf("eval: config: %v", problems)
	}
	log := slog.New(slog.NewTextHandler(report, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, &cfg, log)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer a.Close()

	start := time.Now()
	reports, err := a.Poll(ctx, poll.Force)
	took := time.Since(start)
	if err != nil {
		return fmt.Errorf("eval: poll: %w", err)
	}
	for _, r := range reports {
		if r.Err != nil {
			return fmt.Errorf("eval: feed %s: %w", r.FeedID, r.Err)
		}
	}
	first := srv.pageRequests()

	stored, err := a.Store.Articles(ctx, time.Time{}, time.Time{})
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	byURL := make(map[string]news.Article, len(stored))
	for _, art := range stored {
		byURL[art.URL] = art
	}
	enc := json.NewEncoder(out)
	var counts []eval.ExtractCounts
	sources := map[string]int{}
	for _, p := range pages {
		o := teaserOut{ID: p.ID, Source: "missing"}
		if art, ok := byURL[srv.URL+srv.path(p.ID)]; ok {
			o.Text, o.Source = art.Text, art.TextSource
			if o.Source == news.TextFromFeed {
				o.Source = "feed"
			}
		}
		sources[o.Source]++
		if err := enc.Encode(o); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if p.Body != nil {
			counts = append(counts, eval.ScoreExtract(*p.Body, o.Text))
		}
	}

	byStatus, err := a.Store.PageCounts(ctx, time.Time{})
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if _, err := a.Poll(ctx, poll.Force); err != nil {
		return fmt.Errorf("eval: second poll: %w", err)
	}
	again := srv.pageRequests() - first

	if len(counts) > 0 {
		s := eval.ScoreExtracts(counts)
		fmt.Fprintf(report, "teasers: precision %.4f recall %.4f F1 %.4f (%d pages scored, %d with no text)\n",
			s.Precision, s.Recall, s.F1, s.Articles, s.Empty)
	}
	fmt.Fprintf(report, "teasers: %d pages, %d stored; text from %s; pages %s\n",
		len(pages), len(stored), formatCounts(sources), formatCounts(byStatus["teasers"]))
	fmt.Fprintf(report, "teasers: first poll %s (%.1f ms/page), %d page requests; second poll fetched %d page(s) again\n",
		took.Round(time.Millisecond), float64(took.Microseconds())/1000/float64(len(pages)), first, again)
	if again > 0 {
		return fmt.Errorf("eval: the second poll fetched %d page(s) again", again)
	}
	return nil
}

// readTeaserPages reads the input's JSON lines.
func readTeaserPages(in io.Reader) ([]teaserPage, error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), maxTeaserLine)
	var pages []teaserPage
	seen := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var p teaserPage
		if err := json.Unmarshal(line, &p); err != nil {
			return nil, fmt.Errorf("eval: line %d: %w", n, err)
		}
		if p.ID == "" {
			return nil, fmt.Errorf("eval: line %d: want an id", n)
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("eval: line %d: id %q again", n, p.ID)
		}
		seen[p.ID] = true
		pages = append(pages, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	return pages, nil
}

// formatCounts writes counts as "a 3, b 1", largest first.
func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// teaserServer serves the pages, their teaser feed and a robots.txt that
// allows everything, counting the requests for pages.
type teaserServer struct {
	*httptest.Server
	feed  []byte
	pages map[string][]byte // by path

	mu       sync.Mutex
	requests map[string]int // page path → requests
}

func newTeaserServer(pages []teaserPage, now time.Time) *teaserServer {
	s := &teaserServer{pages: map[string][]byte{}, requests: map[string]int{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Start()
	s.feed = s.rss(pages, now)
	for _, p := range pages {
		s.pages[s.path(p.ID)] = []byte(p.HTML)
	}
	return s
}

// path is the path a page is served at.
func (s *teaserServer) path(id string) string { return "/pages/" + id + ".html" }

func (s *teaserServer) serve(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "User-agent: *\nAllow: /\n")
	case p == "/feed.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(s.feed)
	default:
		body, ok := s.pages[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.requests[p]++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}
}

// pageRequests counts the requests for pages so far.
func (s *teaserServer) pageRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

// rss is the teaser feed of the pages, newest first, a minute apart.
func (s *teaserServer) rss(pages []teaserPage, now time.Time) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<rss version=\"2.0\"><channel><title>Teasers</title><link>" + s.URL + "/</link><description>Evaluation feed</description>\n")
	esc := func(v string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(v))
		return e.String()
	}
	for i, p := range pages {
		body := ""
		if p.Body != nil {
			body = *p.Body
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			esc(teaserTitle(p, body)), esc(s.URL+s.path(p.ID)), esc(p.ID),
			now.Add(-time.Duration(i)*time.Minute).Format(time.RFC1123Z), esc(teaserText(body)))
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

// teaserTitle is an item's title: the given one, else the page's <title>,
// else the first line of the gold body.
func teaserTitle(p teaserPage, body string) string {
	if t := strings.Join(strings.Fields(p.Title), " "); t != "" {
		return t
	}
	if t := pageTitle(p.HTML); t != "" {
		return t
	}
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return text.Clip(l, teaserRunes)
		}
	}
	return p.ID
}

// pageTitle is the text of a page's first <title>, "" without one.
func pageTitle(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) != "title" {
				continue
			}
			if z.Next() != html.TextToken {
				return ""
			}
			return strings.Join(strings.Fields(string(z.Text())), " ")
		}
	}
}

// teaserText is a feed's teaser for body: its first sentence, cut to
// teaserRunes with "…".
func teaserText(body string) string {
	for _, s := range text.Sentences(body) {
		if s = strings.TrimSpace(s); s != "" {
			return text.Clip(s, teaserRunes)
		}
	}
	return ""
}
