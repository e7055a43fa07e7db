package cluster

import (
	"time"

	"github.com/newsdigest/newsdigest/internal/store"
)

// indexTerms is how many of an article's terms find candidate threads, and
// scanLimit how many of the newest threads per term are compared: together
// they bound the work per article however dense the stream.
const (
	indexTerms = 10
	scanLimit  = 16
)

// thread is the online unit of grouping.
type thread struct {
	seen        int // the article that last compared against it; avoids a set per article
	id          string
	docs        []*doc
	c           centroid
	first, last time.Time
}

func (th *thread) add(d *doc) {
	th.docs = append(th.docs, d)
	th.c.add(d.vec)
	if th.first.IsZero() || d.a.Published.Before(th.first) {
		th.first = d.a.Published
	}
	if d.a.Published.After(th.last) {
		th.last = d.a.Published
	}
}

type threader struct {
	opts    Options
	threads []*thread
	byID    map[string]*thread
	index   map[int32][]*thread // term → threads whose articles weigh it heavily
	gen     int                 // counts articles compared, for thread.seen
}

// assign replays the saved assignments, then puts each unassigned article
// (docs are in time order) into the best live thread or a new one.
func assign(docs []*doc, prior []store.Assignment, opts Options) ([]*thread, []store.Assignment) {
	g := &threader{opts: opts, byID: map[string]*thread{}, index: map[int32][]*thread{}}
	byID := make(map[string]*doc, len(docs))
	for _, d := range docs {
		byID[d.a.ID] = d
	}
	done := map[string]bool{}
	for _, as := range prior {
		if d := byID[as.ArticleID]; d != nil && !done[d.a.ID] {
			done[d.a.ID] = true
			g.join(g.thread(as.ThreadID), d)
		}
	}
	var fresh []store.Assignment
	for _, d := range docs {
		if done[d.a.ID] {
			continue
		}
		th := g.best(d)
		if th == nil {
			th = g.thread(d.a.ID)
		}
		g.join(th, d)
		fresh = append(fresh, store.Assignment{ArticleID: d.a.ID, ThreadID: th.id})
	}
	return g.threads, fresh
}

// thread returns the thread with id, creating it if it is new.
func (g *threader) thread(id string) *thread {
	if th := g.byID[id]; th != nil {
		return th
	}
	th := &thread{id: id}
	g.byID[id] = th
	g.threads = append(g.threads, th)
	return th
}

func (g *threader) join(th *thread, d *doc) {
	th.add(d)
	for _, t := range d.top {
		list := g.index[t]
		if len(list) == 0 || list[len(list)-1] != th {
			g.index[t] = append(list, th)
		}
	}
}

// best returns the most similar live thread for d, or nil if none is
// similar enough. Postings are in the order threads last took an article,
// so the newest are scanned first and threads too old to win are dropped
// from the front: articles come in time order, so they stay too old.
func (g *threader) best(d *doc) *thread {
	var best *thread
	bestScore := g.opts.ThreadThreshold
	reach := g.opts.reach(g.opts.ThreadThreshold)
	// Candidates are scored on the heaviest terms only: cheap, and a
	// smoothed vector's weight sits there.
	head := d.vec.heaviest(headTerms)
	g.gen++
	for _, t := range d.top {
		list := g.index[t]
		for len(list) > 0 && d.a.Published.Sub(list[0].last) > reach {
			list = list[1:]
		}
		g.index[t] = list
		for k := len(list) - 1; k >= max(0, len(list)-scanLimit); k-- {
			th := list[k]
			gap := d.a.Published.Sub(th.last)
			if th.seen == g.gen || gap > reach {
				continue
			}
			th.seen = g.gen
			s := th.c.cosine(head) * g.opts.decay(gap)
			if d.who != "" && mentioning(th.docs, d.who)*2 < len(th.docs) {
				// About someone the thread hardly mentions (see whoConflict).
				// When the thread is about someone the article never names
				// too, they are two people's like happenings, however alike
				// their words.
				if w := mainWho(th.docs); w != "" && !hasName(d, w) {
					continue
				}
				s *= whoJoinDiscount
			}
			if s > bestScore || (s == bestScore && best != nil && th.id < best.id) {
				best, bestScore = th, s
			}
		}
	}
	return best
}
