package cluster

import (
	"sort"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// storyline is a set of events being linked.
type storyline struct {
	events []*event
	terms  centroid
	names  map[string]int
	last   time.Time
}

// link chains events into storylines: events in order of first coverage,
// each joining the most similar storyline that was active within StoryGap
// and shares a name with it, else starting its own.
func link(events []*event, opts Options) []news.Story {
	sorted := append([]*event(nil), events...)
	sort.Slice(sorted, func(i, j int) bool {
		if !sorted[i].first.Equal(sorted[j].first) {
			return sorted[i].first.Before(sorted[j].first)
		}
		return sorted[i].id < sorted[j].id
	})
	var lines []*storyline
	for _, e := range sorted {
		v := vector{}
		for t, w := range e.sum {
			v[t] = w
		}
		v.normalize()
		var best *storyline
		bestScore := opts.StoryThreshold
		for _, l := range lines {
			if e.first.Sub(l.last) > opts.StoryGap || !sharesName(l, e) {
				continue
			}
			if s := l.terms.cosine(v); s > bestScore {
				best, bestScore = l, s
			}
		}
		if best == nil {
			best = &storyline{names: map[string]int{}}
			lines = append(lines, best)
		}
		best.events = append(best.events, e)
		best.terms.add(v)
		for _, d := range e.docs() {
			for k := range d.names {
				best.names[k]++
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

// sharesName requires a name that at least two articles of the event use,
// so one passing mention does not chain storylines together.
func sharesName(l *storyline, e *event) bool {
	counts := map[string]int{}
	docs := e.docs()
	for _, d := range docs {
		for k := range d.names {
			counts[k]++
		}
	}
	for k, n := range counts {
		if l.names[k] > 0 && (n >= 2 || len(docs) == 1) {
			return true
		}
	}
	return false
}

func (l *storyline) story() news.Story {
	s := news.Story{ID: l.events[0].id}
	sort.SliceStable(l.events, func(i, j int) bool { return l.events[i].last.Before(l.events[j].last) })
	for _, e := range l.events {
		s.Events = append(s.Events, e.news())
	}
	return s
}

// news converts an event, articles oldest first, with its most central
// article as the lead.
func (e *event) news() news.Event {
	docs := e.docs()
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].before(docs[j]) })
	ne := news.Event{ID: e.id, First: e.first, Last: e.last}
	best := -1.0
	for i, d := range docs {
		ne.Articles = append(ne.Articles, *d.a)
		if s := dot(d.vec, e.sum) / e.norm; s > best+1e-12 {
			best, ne.Lead = s, i
		}
	}
	return ne
}
