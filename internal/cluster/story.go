package cluster

import (
	"sort"
	"time"

	"github.com/newsdigest/newsdigest/internal/dedup"
	"github.com/newsdigest/newsdigest/internal/news"
)

// storyScan bounds the storylines compared per name.
const storyScan = 64

// storyline is a set of events being linked.
type storyline struct {
	events []*event
	c      centroid
	names  map[string]bool
	last   time.Time
}

// link chains events into storylines: events in order of first coverage,
// each joining the most similar storyline that was active within StoryGap
// and shares a salient name with it, else starting its own. Candidate
// storylines come from an index by name.
func link(events []*event, opts Options) []news.Story {
	sorted := append([]*event(nil), events...)
	sort.Slice(sorted, func(i, j int) bool {
		if !sorted[i].first.Equal(sorted[j].first) {
			return sorted[i].first.Before(sorted[j].first)
		}
		return sorted[i].id < sorted[j].id
	})
	var lines []*storyline
	byName := map[string][]*storyline{}
	for _, e := range sorted {
		v := fromMap(e.c.sum).heaviest(maxTerms).normalize()
		names := salientNames(e)
		var best *storyline
		bestScore := opts.StoryThreshold
		seen := map[*storyline]bool{}
		for _, k := range names {
			list := byName[k]
			// The storylines that most recently took this name are the
			// likely ones; a bound keeps common names from costing more.
			for _, l := range list[max(0, len(list)-storyScan):] {
				if seen[l] || e.first.Sub(l.last) > opts.StoryGap {
					continue
				}
				seen[l] = true
				if s := l.c.cosine(v); s > bestScore || (s == bestScore && best != nil && l.events[0].id < best.events[0].id) {
					best, bestScore = l, s
				}
			}
		}
		if best == nil {
			best = &storyline{names: map[string]bool{}}
			lines = append(lines, best)
		}
		best.events = append(best.events, e)
		best.c.add(v)
		for _, k := range names {
			if !best.names[k] {
				best.names[k] = true
				byName[k] = append(byName[k], best)
			}
		}
		if e.last.After(best.last) {
			best.last = e.last
		}
	}
	stories := make([]news.Story, 0, len(lines))
	for _, l := range lines {
		stories = append(stories, l.story())
	}
	return stories
}

// salientNames are the names at least two articles of the event use (or
// the only article's names), so one passing mention does not chain
// storylines together. Sorted for determinism.
func salientNames(e *event) []string {
	counts := map[string]int{}
	docs := e.docs()
	for _, d := range docs {
		for k := range d.names {
			counts[k]++
		}
	}
	var out []string
	for k, n := range counts {
		if n >= 2 || len(docs) == 1 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (l *storyline) story() news.Story {
	s := news.Story{ID: l.events[0].id}
	sort.SliceStable(l.events, func(i, j int) bool { return l.events[i].last.Before(l.events[j].last) })
	for _, e := range l.events {
		s.Events = append(s.Events, e.news())
	}
	return s
}

// news converts an event: articles oldest first with near-identical
// reprints folded into the earliest copy, and the most central as the lead.
func (e *event) news() news.Event {
	docs := e.docs()
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].before(docs[j]) })
	bodies := make([]string, len(docs))
	for i, d := range docs {
		bodies[i] = d.a.Text
	}
	ne := news.Event{ID: e.id, First: e.first, Last: e.last}
	best := -1.0
	for _, group := range dedup.Groups(bodies) {
		rep := docs[group[0]]
		a := *rep.a
		for _, i := range group[1:] {
			if c := docs[i].a; c.Outlet != a.Outlet {
				a.Copies = append(a.Copies, news.Copy{ArticleID: c.ID, Outlet: c.Outlet, URL: c.URL})
			}
		}
		if s := e.c.cosine(rep.vec); s > best+1e-12 {
			best, ne.Lead = s, len(ne.Articles)
		}
		ne.Articles = append(ne.Articles, a)
	}
	return ne
}
