// Package cluster groups articles into events and events into storylines.
//
// Grouping is online: articles are taken in order, and each joins the most
// similar recent event or starts a new one. Candidate events come from an
// inverted index over the events' salient terms, so the cost grows with the
// number of articles, not with its square. Similarity is TF-IDF cosine over
// stemmed title and lead terms, with names (people, places, bodies) counted
// as strong extra terms, discounted by time distance. Assignments already
// made are replayed as saved, so event IDs never change as coverage grows.
//
// Storylines are derived on every run by linking events that share names
// and topic words over weeks.
package cluster // import "github.com/newsdigest/newsdigest/internal/cluster"

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/text"
)

// Options tune grouping. The zero value uses the defaults.
type Options struct {
	// EventThreshold is the similarity an article needs to join an event.
	EventThreshold float64
	// EventSpan is how long after its latest article an event still takes
	// new coverage.
	EventSpan time.Duration
	// StoryThreshold is the similarity two events need to share a storyline.
	StoryThreshold float64
	// StoryGap is the longest quiet time between events of one storyline.
	StoryGap time.Duration
}

func (o Options) withDefaults() Options {
	if o.EventThreshold == 0 {
		o.EventThreshold = 0.30
	}
	if o.EventSpan == 0 {
		o.EventSpan = 3 * 24 * time.Hour
	}
	if o.StoryThreshold == 0 {
		o.StoryThreshold = 0.25
	}
	if o.StoryGap == 0 {
		o.StoryGap = 90 * 24 * time.Hour
	}
	return o
}

// Result is the grouping of one set of articles.
type Result struct {
	Stories []news.Story       // storylines, each with its events oldest first
	New     []store.Assignment // assignments made in this run, to be saved
}

// Tuning constants that are properties of news text, not of any data set.
const (
	titleWeight = 3.0 // a headline states what the story is about
	nameWeight  = 2.0 // names are the strongest evidence of one story
	leadChars   = 1500
	indexTerms  = 10 // terms per article used to find candidate events
)

// doc is an article prepared for comparison.
type doc struct {
	a     *news.Article
	vec   vector
	names map[string]bool
}

type event struct {
	id          string
	docs        []*doc
	c           centroid
	first, last time.Time
}

// Group groups articles (any order) given the assignments saved by earlier
// runs, and returns the storylines plus the new assignments to save.
func Group(articles []news.Article, prior []store.Assignment, opts Options) Result {
	opts = opts.withDefaults()
	docs := prepare(articles)
	byID := make(map[string]*doc, len(docs))
	for _, d := range docs {
		byID[d.a.ID] = d
	}

	g := &grouper{opts: opts, byID: map[string]*event{}, index: map[string][]*event{}}
	done := map[string]bool{}
	for _, as := range prior { // replay in the order they were made
		d := byID[as.ArticleID]
		if d == nil || done[d.a.ID] {
			continue
		}
		done[d.a.ID] = true
		g.join(g.event(as.EventID, d), d)
	}
	var res Result
	for _, d := range docs { // docs are in time order
		if done[d.a.ID] {
			continue
		}
		e := g.best(d)
		if e == nil {
			e = g.event(d.a.ID, d)
		}
		g.join(e, d)
		res.New = append(res.New, store.Assignment{ArticleID: d.a.ID, EventID: e.id})
	}
	res.Stories = link(g.events, opts)
	return res
}

// prepare builds TF-IDF vectors for all articles, in time order.
func prepare(articles []news.Article) []*doc {
	docs := make([]*doc, len(articles))
	df := map[string]int{}
	for i := range articles {
		a := &articles[i]
		d := &doc{a: a, vec: vector{}, names: map[string]bool{}}
		lead := strings.Join(text.Prose(a.Text, a.Title, a.Language), "\n")
		if len(lead) > leadChars {
			lead = lead[:leadChars]
		}
		for _, t := range text.Terms(a.Title, a.Language) {
			d.vec[t] += titleWeight
		}
		for _, t := range text.Terms(lead, a.Language) {
			d.vec[t]++
		}
		for _, n := range text.Names(a.Title + "\n" + lead) {
			if k := text.NameKey(n); k != "" && !text.IsStopWord(k, a.Language) {
				d.names[k] = true
			}
		}
		for k := range d.names {
			d.vec["@"+k] += nameWeight
		}
		for t := range d.vec {
			df[t]++
		}
		docs[i] = d
	}
	n := float64(len(docs))
	for _, d := range docs {
		for t, tf := range d.vec {
			// Sublinear tf: a word repeated ten times is not ten times the evidence.
			d.vec[t] = (1 + math.Log(tf)) * math.Log((n+1)/float64(df[t]+1))
		}
		d.vec.normalize()
	}
	sort.SliceStable(docs, func(i, j int) bool {
		ai, aj := docs[i].a, docs[j].a
		if !ai.Published.Equal(aj.Published) {
			return ai.Published.Before(aj.Published)
		}
		return ai.ID < aj.ID
	})
	return docs
}

type grouper struct {
	opts   Options
	events []*event
	byID   map[string]*event
	index  map[string][]*event // term → events whose articles weigh it heavily
}

// event returns the event with id, creating it for d if it is new.
func (g *grouper) event(id string, d *doc) *event {
	if e := g.byID[id]; e != nil {
		return e
	}
	e := &event{id: id, first: d.a.Published, last: d.a.Published}
	g.byID[id] = e
	g.events = append(g.events, e)
	return e
}

func (g *grouper) join(e *event, d *doc) {
	e.docs = append(e.docs, d)
	e.c.add(d.vec)
	if d.a.Published.Before(e.first) {
		e.first = d.a.Published
	}
	if d.a.Published.After(e.last) {
		e.last = d.a.Published
	}
	for _, t := range d.vec.top(indexTerms) {
		list := g.index[t]
		if len(list) == 0 || list[len(list)-1] != e {
			g.index[t] = append(list, e)
		}
	}
}

// best returns the most similar live event for d, or nil if none is
// similar enough.
func (g *grouper) best(d *doc) *event {
	var best *event
	bestScore := g.opts.EventThreshold
	seen := map[*event]bool{}
	for _, t := range d.vec.top(indexTerms) {
		list := g.index[t]
		live := list[:0]
		for _, e := range list {
			if !g.live(e, d.a.Published) {
				continue // dropped: articles come in time order, so it stays dead
			}
			live = append(live, e)
			if seen[e] {
				continue
			}
			seen[e] = true
			if s := g.score(e, d); s > bestScore || (s == bestScore && best != nil && e.id < best.id) {
				best, bestScore = e, s
			}
		}
		g.index[t] = live
	}
	return best
}

func (g *grouper) live(e *event, t time.Time) bool {
	return t.Sub(e.last) <= g.opts.EventSpan
}

// score is cosine similarity, discounted by the gap since the event's
// latest article: a day's gap costs a little, a span's gap a lot.
func (g *grouper) score(e *event, d *doc) float64 {
	gap := d.a.Published.Sub(e.last)
	if gap < 0 {
		gap = 0
	}
	decay := 1 - 0.5*float64(gap)/float64(g.opts.EventSpan)
	return e.c.cosine(d.vec) * decay
}
