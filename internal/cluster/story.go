package cluster

import (
	"math"
	"sort"
	"time"

	"github.com/newsdigest/newsdigest/internal/dedup"
	"github.com/newsdigest/newsdigest/internal/news"
)

// storyScan bounds the storylines compared per name: the most recently
// active ones, where a continuing story is.
const storyScan = 16

// sameTime is added to the similarity of an event and a storyline active
// at the same time, discounted by the gap (HalfLife): two happenings of one
// kind reported together and sharing a name (two riots after two police
// shootings, a fire and the arrest of its arsonist) are one storyline with
// fewer words in common than events days apart need. Chosen on
// stories-ecbplus-dev, whose articles all bear one time (storyline B³
// 0.912 → 0.939; ≥ 0.92 from 0.12 to 0.14); events two days apart
// (US and Ukrainian inflation in the bundled feeds) gain almost nothing.
const sameTime = 0.13

// item is an event as storyline linking sees it: the event for display, a
// unit vector of its heaviest terms and its salient names.
type item struct {
	ev       news.Event
	v        svec
	names    []string
	siblings []string // IDs of events of the same storyline (event.siblings)
}

// itemOf converts an event, keeping the articles for which keep is true
// (all when keep is nil); ok is false when none is kept.
func itemOf(e *event, keep func(*doc) bool) (it item, ok bool) {
	ev, ok := e.news(keep)
	if !ok {
		return item{}, false
	}
	return item{ev: ev, v: e.c.vec().heaviest(maxTerms).normalize(), names: salientNames(e), siblings: e.siblings}, true
}

// storyline is a set of events being linked.
type storyline struct {
	items []*item
	c     centroid
	last  time.Time
}

// link chains events into storylines: events in order of first coverage,
// each joining the most similar storyline that was active within StoryGap
// and shares a salient name with it, else starting its own. Candidate
// storylines come from an index by name, in the order they last took an
// event with that name.
func link(items []item, opts Options) []news.Story {
	sorted := make([]*item, len(items))
	for i := range items {
		sorted[i] = &items[i]
	}
	sort.Slice(sorted, func(i, j int) bool {
		if !sorted[i].ev.First.Equal(sorted[j].ev.First) {
			return sorted[i].ev.First.Before(sorted[j].ev.First)
		}
		return sorted[i].ev.ID < sorted[j].ev.ID
	})
	var lines []*storyline
	byName := map[string][]*storyline{}
	byEvent := map[string]*storyline{}
	for _, it := range sorted {
		var best *storyline
		for _, id := range it.siblings {
			if l := byEvent[id]; l != nil {
				best = l // a sibling's storyline, whatever the similarity
				break
			}
		}
		bestScore := opts.StoryThreshold
		if best != nil {
			bestScore = math.Inf(1)
		}
		seen := map[*storyline]bool{}
		for _, k := range it.names {
			list := byName[k]
			// A storyline is listed again each time it takes the name, so
			// the newest entries are the active storylines; a bound keeps
			// common names from costing more.
			scanned := 0
			for i := len(list) - 1; i >= 0 && scanned < storyScan; i-- {
				l := list[i]
				if seen[l] {
					continue
				}
				seen[l] = true
				if scanned++; it.ev.First.Sub(l.last) > opts.StoryGap {
					continue
				}
				s := l.c.cosine(it.v) + sameTime*opts.decay(it.ev.First.Sub(l.last))
				if s > bestScore || (s == bestScore && best != nil && l.items[0].ev.ID < best.items[0].ev.ID) {
					best, bestScore = l, s
				}
			}
		}
		if best == nil {
			best = &storyline{}
			lines = append(lines, best)
		}
		best.items = append(best.items, it)
		byEvent[it.ev.ID] = best
		best.c.add(it.v)
		for _, k := range it.names {
			if list := byName[k]; len(list) == 0 || list[len(list)-1] != best {
				byName[k] = append(list, best)
			}
		}
		if it.ev.Last.After(best.last) {
			best.last = it.ev.Last
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
		for _, k := range d.names {
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
	s := news.Story{ID: l.items[0].ev.ID}
	sort.SliceStable(l.items, func(i, j int) bool { return l.items[i].ev.Last.Before(l.items[j].ev.Last) })
	for _, it := range l.items {
		s.Events = append(s.Events, it.ev)
	}
	return s
}

// news converts an event: the articles keep accepts (all when nil), oldest
// first, with near-identical reprints folded into the earliest copy, and
// the most central as the lead.
func (e *event) news(keep func(*doc) bool) (news.Event, bool) {
	var docs []*doc
	for _, d := range e.docs() {
		if keep == nil || keep(d) {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return news.Event{}, false
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].before(docs[j]) })
	bodies := make([]string, len(docs))
	for i, d := range docs {
		bodies[i] = d.a.Text
	}
	ne := news.Event{ID: e.id, First: docs[0].a.Published, Last: docs[len(docs)-1].a.Published}
	best := -1.0
	for _, group := range dedup.Groups(bodies) {
		rep := docs[group[0]]
		a := *rep.a
		for _, i := range group[1:] {
			c := docs[i].a
			a.Copies = append(a.Copies, news.Copy{ArticleID: c.ID, Outlet: c.Outlet, URL: c.URL})
		}
		if s := e.c.cosine(rep.vec); s > best+1e-12 {
			best, ne.Lead = s, len(ne.Articles)
		}
		ne.Articles = append(ne.Articles, a)
	}
	return ne, true
}
