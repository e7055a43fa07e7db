// Package digest picks the stories a reader should see for a time window,
// ranks them and fills each card: headline, summary, key quotes.
package digest // import "github.com/newsdigest/newsdigest/internal/digest"

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/summarize"
	"github.com/newsdigest/newsdigest/internal/text"
)

// Topic is a followed subject, matched against stories by its keywords.
type Topic struct {
	ID       string
	Title    string
	Keywords []string
}

// Composer builds digests.
type Composer struct {
	Summarizer summarize.Summarizer
	// Quotes fills a story's key quotes; nil leaves them empty.
	Quotes func(s *news.Story)
	Topics []Topic
}

// Request says which digest to build.
type Request struct {
	Until      time.Time
	Window     time.Duration
	MaxStories int
	Topics     []string // only stories matching one of these topic ids; none = all
}

// Compose selects the stories with coverage inside the window, ranks them
// (outlets covering the newest event, then recency) and fills their cards.
func (c *Composer) Compose(stories []news.Story, req Request) news.Digest {
	from := req.Until.Add(-req.Window)
	d := news.Digest{From: from, Until: req.Until,
		Title: fmt.Sprintf("News digest, %s", req.Until.Format("2 January 2006"))}
	type ranked struct {
		s     news.Story
		score float64
	}
	var picked []ranked
	for _, s := range stories {
		s = trim(s, req.Until)
		if len(s.Events) == 0 || s.Latest().Last.Before(from) {
			continue
		}
		s.Topics = c.match(&s)
		if len(req.Topics) > 0 && !overlaps(s.Topics, req.Topics) {
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
		c.Summarizer.Summarize(&s)
		if c.Quotes != nil {
			c.Quotes(&s)
		}
		d.Stories = append(d.Stories, s)
	}
	return d
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

// match returns the ids of the topics whose keywords the story's newest
// event mentions (stemmed, phrase-aware).
func (c *Composer) match(s *news.Story) []string {
	var b strings.Builder
	for _, a := range s.Latest().Articles {
		b.WriteString(a.Title + "\n" + a.Text + "\n")
	}
	hay := " " + strings.Join(text.Terms(b.String(), ""), " ") + " "
	var ids []string
	for _, t := range c.Topics {
		for _, kw := range t.Keywords {
			if needle := strings.Join(text.Terms(kw, ""), " "); needle != "" && strings.Contains(hay, " "+needle+" ") {
				ids = append(ids, t.ID)
				break
			}
		}
	}
	return ids
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
