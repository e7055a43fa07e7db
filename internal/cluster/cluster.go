// Package cluster groups articles into events and events into storylines.
//
// Grouping has three levels:
//
//   - A thread is formed online: articles are taken in time order and each
//     joins the most similar live thread or starts a new one. Candidates come
//     from an inverted index over the threads' salient terms, so cost grows
//     with the number of articles, not with its square. Assignments are saved
//     and replayed, so an article never changes thread.
//   - An event is a set of threads merged by centroid similarity: the same
//     happening reported in different words by many outlets. Its ID is that
//     of its oldest thread, so it stays stable as coverage grows.
//   - A storyline links events that share names and topic words over weeks.
//
// Similarity is TF-IDF cosine over stemmed headline and lead terms (with
// names as extra terms when the headline is in sentence case), after each
// article's vector is blended with its nearest neighbours' — headlines are
// short, and neighbours supply the words a headline leaves out — and is
// discounted by the time gap, since one happening is reported within hours.
package cluster // import "github.com/newsdigest/newsdigest/internal/cluster"

import (
	"math"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
)

// Options tune grouping. The zero value uses the defaults, which are what
// the service and the eval command use.
type Options struct {
	// ThreadThreshold is the similarity an article needs to join a thread.
	ThreadThreshold float64
	// MergeThreshold is the similarity two threads need to be one event.
	MergeThreshold float64
	// HalfLife is the time gap that halves the similarity between an
	// article and a thread, or two threads.
	HalfLife time.Duration
	// EventSpan is how long after its latest article a thread still takes
	// new coverage.
	EventSpan time.Duration
	// StoryThreshold is the similarity two events need to share a storyline.
	StoryThreshold float64
	// StoryGap is the longest quiet time between events of one storyline.
	StoryGap time.Duration
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.ThreadThreshold, 0.30)
	def(&o.MergeThreshold, 0.20)
	def(&o.StoryThreshold, 0.25)
	defDur(&o.HalfLife, 12*time.Hour)
	defDur(&o.EventSpan, 3*24*time.Hour)
	defDur(&o.StoryGap, 90*24*time.Hour)
	return o
}

// decay is the time discount for a gap.
func (o Options) decay(gap time.Duration) float64 {
	if gap <= 0 {
		return 1
	}
	return math.Pow(0.5, float64(gap)/float64(o.HalfLife))
}

// reach is the longest gap across which a similarity can still reach
// threshold: beyond it even identical text decays below. Candidates older
// than that need not be looked at.
func (o Options) reach(threshold float64) time.Duration {
	d := time.Duration(float64(o.HalfLife) * math.Log2(1/threshold))
	return min(d, o.EventSpan)
}

// Result is the grouping of one set of articles.
type Result struct {
	Stories []news.Story       // storylines, each with its events oldest first
	New     []store.Assignment // thread assignments made in this run, to be saved
}

// Group groups articles (any order) given the assignments saved by earlier
// runs, and returns the storylines plus the new assignments to save.
func Group(articles []news.Article, prior []store.Assignment, opts Options) Result {
	opts = opts.withDefaults()
	r := group(articles, prior, opts, nil)
	items := make([]item, 0, len(r.events))
	for _, e := range r.events {
		if it, ok := itemOf(e, nil); ok {
			items = append(items, it)
		}
	}
	return Result{Stories: link(items, opts), New: r.fresh}
}

// run is one grouping of articles into events.
type run struct {
	events []*event
	terms  []string // term ID → term
	fresh  []store.Assignment
}

func group(articles []news.Article, prior []store.Assignment, opts Options, pop *docFreq) run {
	docs, terms := prepare(articles, pop)
	smooth(docs, len(terms))
	threads, fresh := assign(docs, prior, opts)
	return run{events: bridge(merge(threads, opts), opts), terms: terms, fresh: fresh}
}
