// Package digest picks the stories a reader should see for a time window,
// ranks them and fills each card: headline, summary, key quotes. It also
// answers a reader's question from the stored stories.
package digest // import "github.com/newsdigest/newsdigest/internal/digest"

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/i18n"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/search"
	"github.com/newsdigest/newsdigest/internal/summarize"
)

// Composer builds digests and answers.
type Composer struct {
	Summarizer summarize.Summarizer
	// Quotes fills a story's key quotes; nil leaves them empty.
	Quotes func(s *news.Story)
	Topics []search.Topic
	// Load, when set, completes a story before it is filled: grouping in
	// a long-running service keeps no texts for older coverage. A story
	// it could not complete is still filled, from what it has, but not
	// remembered in Filled.
	Load func(s *news.Story) error
	// Filled, when set, remembers filled stories across calls.
	Filled *Filled
}

// Filled remembers filled stories: filling (loading texts, summarising,
// extracting quotes) costs far more than choosing stories, and the many
// digests composed from one grouping fill the same stories. A Filled must
// not outlive the grouping its stories come from. The zero value is ready.
type Filled struct {
	mu sync.Mutex
	m  map[string]news.Story
}

// fillKey tells apart the forms one story takes within a grouping: whole,
// or without the events after a digest's end.
func fillKey(s *news.Story) string {
	var b strings.Builder
	b.WriteString(s.ID)
	for _, e := range s.Events {
		b.WriteByte(0)
		b.WriteString(e.ID)
	}
	return b.String()
}

func (f *Filled) get(key string) (news.Story, bool) {
	if f == nil {
		return news.Story{}, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.m[key]
	return s, ok
}

func (f *Filled) put(key string, s news.Story) {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]news.Story{}
	}
	f.m[key] = s
}

// Request says which digest to build.
type Request struct {
	// Lang is the reader's language (an i18n code; "" is English): it
	// words the title, and selects no stories.
	Lang       string
	Until      time.Time
	Window     time.Duration
	MaxStories int
	// A story qualifies when it matches one of Topics (ids) or of Keywords
	// (free keyword subscriptions); with neither, every story does.
	Topics   []string
	Keywords []string
	// Since, when set, keeps only stories with coverage after it: what is
	// new since the reader's last digest.
	Since time.Time
	// Index, when set, is Index(stories, Until), built once and shared by
	// the many digests composed from one grouping; nil builds one.
	Index *search.Index
}

// Compose selects the stories with coverage inside the window, ranks them
// (outlets covering the newest event, then recency) and fills their cards.
func (c *Composer) Compose(stories []news.Story, req Request) news.Digest {
	from := req.Until.Add(-req.Window)
	if req.Since.After(from) {
		from = req.Since
	}
	d := news.Digest{From: from, Until: req.Until,
		Title: i18n.T(req.Lang, i18n.DigestTitle, i18n.Date(req.Lang, req.Until))}
	var window []news.Story
	for _, s := range stories {
		s = trim(s, req.Until)
		if len(s.Events) > 0 && s.Latest().Last.After(from) {
			window = append(window, s)
		}
	}
	ix := req.Index
	if ix == nil {
		ix = search.New(window, req.Until)
	}
	type ranked struct {
		s     news.Story
		score float64
	}
	var picked []ranked
	for _, s := range window {
		s.Topics = ix.Topics(&s, c.Topics)
		if !wanted(ix, &s, req) {
			continue
		}
		picked = append(picked, ranked{s, score(&s, req)})
	}
	sort.SliceStable(picked, func(i, j int) bool {
		if picked[i].score != picked[j].score {
			return picked[i].score > picked[j].score
		}
		return picked[i].s.ID < picked[j].s.ID
	})
	if len(picked) > req.MaxStories {
		picked = picked[:req.MaxStories]
	}
	for _, p := range picked {
		s := p.s
		c.Fill(&s)
		c.inLanguage(&s, req.Lang)
		d.Stories = append(d.Stories, s)
	}
	return d
}

// inLanguage gives a filled story the headline and summary of its reports
// in the reader's language lang, when its newest event has any and its
// lead report is in another. Quotes stay: the card puts those in lang
// first.
func (c *Composer) inLanguage(s *news.Story, lang string) {
	x, ok := c.Summarizer.(summarize.Extractive)
	if lang == "" || !ok {
		return
	}
	ev := s.Latest()
	if articleLang(ev.Articles[ev.Lead]) == lang || !slices.ContainsFunc(ev.Articles, func(a news.Article) bool { return articleLang(a) == lang }) {
		return
	}
	key := fillKey(s) + "\x00" + lang
	if f, ok := c.Filled.get(key); ok {
		s.Headline, s.Summary = f.Headline, f.Summary
		return
	}
	x.Lang = lang
	x.Summarize(s)
	c.Filled.put(key, *s)
}

// articleLang is an article's language, English when unnamed.
func articleLang(a news.Article) string {
	if a.Language == "" {
		return "en"
	}
	return a.Language
}

// Index builds the search index that Ask answers from: the stories as they
// stood at now. Building it costs far more than a search, so callers keep
// it for as long as the stories do not change.
func Index(stories []news.Story, now time.Time) *search.Index {
	var live []news.Story
	for _, s := range stories {
		if s = trim(s, now); len(s.Events) > 0 {
			live = append(live, s)
		}
	}
	return search.New(live, now)
}

// Ask answers a question or keyword query with the best matching stories
// in ix, at most limit, filled for display.
func (c *Composer) Ask(ix *search.Index, query string, limit int) []news.Story {
	var out []news.Story
	for _, h := range ix.Search(query, limit) {
		s := *h.Story
		s.Topics = ix.Topics(&s, c.Topics)
		c.Fill(&s)
		out = append(out, s)
	}
	return out
}

// Fill writes a story's headline, summary and quotes.
func (c *Composer) Fill(s *news.Story) {
	key := fillKey(s)
	if f, ok := c.Filled.get(key); ok {
		s.Headline, s.Summary, s.Events, s.Quotes = f.Headline, f.Summary, f.Events, f.Quotes
		return
	}
	complete := c.Load == nil || c.Load(s) == nil
	c.Summarizer.Summarize(s)
	if c.Quotes != nil {
		c.Quotes(s)
	}
	if complete {
		c.Filled.put(key, *s)
	}
}

func wanted(ix *search.Index, s *news.Story, req Request) bool {
	if len(req.Topics) == 0 && len(req.Keywords) == 0 {
		return true
	}
	for _, id := range req.Topics {
		for _, t := range s.Topics {
			if t == id {
				return true
			}
		}
	}
	return len(req.Keywords) > 0 && ix.Match(s, req.Keywords)
}

// trim drops coverage published after until, so a digest for a past
// moment shows the story as it stood then.
func trim(s news.Story, until time.Time) news.Story {
	var events []news.Event
	for _, e := range s.Events {
		if !e.First.After(until) {
			events = append(events, e)
		}
	}
	s.Events = events
	return s
}

// score favours stories many outlets cover, and fresh ones: a story's
// weight halves every half window, so wide coverage from yesterday still
// beats a single fresh report.
func score(s *news.Story, req Request) float64 {
	latest := s.Latest()
	outlets := map[string]bool{}
	for _, a := range latest.Articles {
		outlets[a.Outlet] = true
		for _, c := range a.Copies {
			outlets[c.Outlet] = true
		}
	}
	age := req.Until.Sub(latest.Last).Hours()
	halfLife := math.Max(req.Window.Hours()/2, 1)
	return (float64(len(outlets)) + 0.25*float64(len(s.Events)-1)) * math.Pow(0.5, age/halfLife)
}
