package cluster

import (
	"container/heap"
	"math"
	"slices"
	"sort"
	"time"
)

// mergeTerms is how many of a thread's heaviest terms find merge
// candidates; of the threads sharing a term, at most mergeScan on each side
// in time are compared, so the work per thread is bounded.
const (
	mergeTerms    = 20
	mergeScan     = 16
	maxNeighbours = 24
)

// event is a set of threads reporting one happening.
type event struct {
	id          string
	threads     []*thread
	c           centroid
	first, last time.Time
	version     int // bumped on every merge, to spot stale heap entries
	alive       bool
	// siblings are the IDs of events close enough to merge with this one
	// but about someone or somewhere else: one storyline, not one event.
	siblings []string
}

func (e *event) docs() []*doc {
	var out []*doc
	for _, th := range e.threads {
		out = append(out, th.docs...)
	}
	return out
}

// merge joins threads into events by centroid similarity, discounted by the
// time between them, most similar pair first, until no pair reaches
// MergeThreshold. Candidate pairs share one of their heaviest terms and lie
// close in time; a merged event is found through the terms of all its
// threads.
func merge(threads []*thread, opts Options) []*event {
	sorted := append([]*thread(nil), threads...)
	sort.Slice(sorted, func(i, j int) bool {
		if !sorted[i].first.Equal(sorted[j].first) {
			return sorted[i].first.Before(sorted[j].first)
		}
		return sorted[i].id < sorted[j].id
	})
	m := &merger{opts: opts, index: map[int32][]int{}, reach: opts.reach(opts.MergeThreshold)}
	for i, th := range sorted {
		// The event takes over the thread's centroid rather than a copy:
		// threads are final once merging starts, and copies of every
		// centroid would double the memory of a large grouping.
		e := &event{id: th.id, threads: []*thread{th}, c: th.c, first: th.first, last: th.last, alive: true}
		m.events = append(m.events, e)
		m.parent = append(m.parent, i)
		// Appended in time order, so every posting list is sorted.
		top := e.c.top(mergeTerms)
		at := make([]int32, len(top))
		for k, t := range top {
			at[k] = int32(len(m.index[t]))
			m.index[t] = append(m.index[t], i)
		}
		m.tops, m.at = append(m.tops, top), append(m.at, at)
		m.span = append(m.span, [2]int64{th.first.UnixNano(), th.last.UnixNano()})
	}
	m.neighbours = make([]map[int]bool, len(m.events))
	for i := range m.events {
		m.findNeighbours(i)
		m.pushPairs(i)
	}
	for m.pairs.Len() > 0 {
		p := heap.Pop(&m.pairs).(pair)
		a, b := m.events[p.i], m.events[p.j]
		if !a.alive || !b.alive || a.version != p.vi || b.version != p.vj {
			continue
		}
		m.join(p.i, p.j)
	}
	for _, p := range m.siblings {
		a, b := m.events[m.find(p[0])], m.events[m.find(p[1])]
		if a != b && !slices.Contains(a.siblings, b.id) {
			a.siblings = append(a.siblings, b.id)
			b.siblings = append(b.siblings, a.id)
		}
	}
	var out []*event
	for _, e := range m.events {
		if e.alive {
			out = append(out, e)
		}
	}
	return out
}

type merger struct {
	opts   Options
	reach  time.Duration
	events []*event // oldest first, so the survivor of a merge is the older
	parent []int    // thread index → index of the event it is now part of
	tops   [][]int32
	index  map[int32][]int // term → thread indexes, ascending
	at     [][]int32       // where each of tops[i] lists thread i in index
	span   [][2]int64      // thread index → first and last publication, UnixNano
	// neighbours are the candidate events of each event: found once per
	// thread through the index, and united when events merge.
	neighbours []map[int]bool
	pairs      pairHeap
	scratch    []int
	siblings   [][2]int // pairs kept apart by whoConflict
}

func (m *merger) find(i int) int {
	for m.parent[i] != i {
		m.parent[i] = m.parent[m.parent[i]]
		i = m.parent[i]
	}
	return i
}

// similarity is the events' centroid cosine discounted by the time between
// them; apart is true when it reaches MergeThreshold only without the
// discount for being about different people or places (whoConflict).
func (m *merger) similarity(a, b *event) (s float64, apart bool) {
	gap := gapBetween(a, b)
	if gap > m.reach || a.c.norm2 <= 0 || b.c.norm2 <= 0 {
		return 0, false
	}
	s = a.c.dot(&b.c) / (a.c.norm() * b.c.norm()) * m.opts.decay(gap)
	if s >= m.opts.MergeThreshold {
		if f := whoConflict(a, b); f < 1 {
			s *= f
			return s, s < m.opts.MergeThreshold
		}
	}
	return s, false
}

// Events of one topic are often two happenings: two DUI arrests of one
// team's players, two fires in one town, two games of one team. Without
// dates to tell them apart, who or where each is about does: an event
// mostly about someone (the name minWho of its articles mention most) whom
// fewer than half of the other's articles mention is another happening,
// and so is an event of full texts most of which name a number (a score, a
// death toll) that none of the other's name. Their similarity is
// discounted by whoDiscount, and such events are siblings: one storyline.
// An article joining a thread is discounted the same way, more gently,
// when the name it mentions most (twice or more) is mentioned by fewer
// than half of the thread's articles. Chosen on stories-ecbplus-dev (event
// B³ 0.796 → 0.910; the same for whoDiscount 0.3–0.45 and whoJoinDiscount
// 0.7–0.85); UCI headlines rarely name anyone twice, have no full text,
// and score the same.
const (
	minWho          = 3
	whoDiscount     = 0.4
	whoJoinDiscount = 0.75
)

// whoConflict is the factor for events' similarity: whoDiscount when one
// event is mostly about someone or somewhere the other rarely mentions, or
// names a number the other never does; 0 when each is about someone the
// other rarely mentions, however alike their words; else 1.
func whoConflict(a, b *event) float64 {
	ad, bd := a.docs(), b.docs()
	ab, ba := strangers(ad, bd), strangers(bd, ad)
	switch {
	case ab && ba:
		return 0
	case ab || ba || strangeNumber(ad, bd) || strangeNumber(bd, ad):
		return whoDiscount
	}
	return 1
}

// fullText is the shortest text whose numbers say which happening it
// reports: headlines and teasers name too few.
const fullText = 400

// strangeNumber: a number at least minWho and half of one side's full-text
// articles name (the most named: a score, a death toll, a magnitude) is
// named by none of the other's.
func strangeNumber(side, other []*doc) bool {
	count := map[string]int{}
	top, n := "", 0
	for _, d := range side {
		if len(d.a.Text) < fullText {
			return false
		}
		for _, k := range d.cross {
			if k[0] != '#' {
				continue
			}
			count[k]++
			if c := count[k]; c > n || c == n && k < top {
				top, n = k, c
			}
		}
	}
	if n < minWho || n*2 < len(side) {
		return false
	}
	for _, d := range other {
		if _, ok := slices.BinarySearch(d.cross, top); ok {
			return false
		}
	}
	return true
}

// strangers: the name at least minWho of one side's articles are mostly
// about (the most such) is mentioned by fewer than half of the other's.
func strangers(side, other []*doc) bool {
	whos := map[string]int{}
	top, n := "", 0
	for _, d := range side {
		if d.who == "" {
			continue
		}
		whos[d.who]++
		if c := whos[d.who]; c > n || c == n && d.who < top {
			top, n = d.who, c
		}
	}
	return n >= minWho && mentioning(other, top)*2 < len(other)
}

// mainWho is the name at least half of docs are most about, if any.
func mainWho(docs []*doc) string {
	whos := map[string]int{}
	for _, d := range docs {
		if d.who != "" {
			if whos[d.who]++; whos[d.who]*2 >= len(docs) {
				return d.who
			}
		}
	}
	return ""
}

// mentioning counts the docs that mention name.
func mentioning(docs []*doc, name string) int {
	n := 0
	for _, d := range docs {
		if hasName(d, name) {
			n++
		}
	}
	return n
}

func hasName(d *doc, name string) bool {
	_, ok := slices.BinarySearch(d.names, name)
	return ok
}

// findNeighbours finds the threads near thread i in time that share its
// heavy terms, keeping the maxNeighbours that share the most: a bound on
// the work per thread however dense the stream. Threads out of merge reach
// are skipped, so a term used again weeks later takes no neighbour's place.
func (m *merger) findNeighbours(i int) {
	m.scratch = m.scratch[:0]
	first, last, reach := m.span[i][0], m.span[i][1], int64(m.reach)
	for n, t := range m.tops[i] {
		list, at := m.index[t], int(m.at[i][n])
		for _, k := range list[max(0, at-mergeScan):min(len(list), at+mergeScan+1)] {
			if k != i && m.span[k][0]-last <= reach && first-m.span[k][1] <= reach {
				m.scratch = append(m.scratch, k)
			}
		}
	}
	// Count each candidate's shared terms: sorted, a candidate's
	// occurrences are one run.
	slices.Sort(m.scratch)
	type cand struct{ k, shared int }
	var cands []cand
	for j := 0; j < len(m.scratch); {
		n := 1
		for j+n < len(m.scratch) && m.scratch[j+n] == m.scratch[j] {
			n++
		}
		cands = append(cands, cand{m.scratch[j], n})
		j += n
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.shared != b.shared {
			return b.shared - a.shared
		}
		return a.k - b.k
	})
	nb := make(map[int]bool, min(len(cands), maxNeighbours))
	for _, c := range cands[:min(len(cands), maxNeighbours)] {
		nb[c.k] = true
	}
	m.neighbours[i] = nb
}

// pushPairs queues event i paired with each live neighbour similar enough.
func (m *merger) pushPairs(i int) {
	e := m.events[i]
	resolved := make(map[int]bool, len(m.neighbours[i]))
	for k := range m.neighbours[i] {
		j := m.find(k)
		if j == i || resolved[j] {
			continue
		}
		resolved[j] = true
		s, apart := m.similarity(e, m.events[j])
		if apart {
			m.siblings = append(m.siblings, [2]int{i, j})
		}
		if s >= m.opts.MergeThreshold {
			a, b := min(i, j), max(i, j)
			heap.Push(&m.pairs, pair{sim: s, i: a, j: b, vi: m.events[a].version, vj: m.events[b].version})
		}
	}
	m.neighbours[i] = resolved // keep the set small: merged members collapse
}

// absorb takes o's threads and coverage into e.
func (e *event) absorb(o *event) {
	e.threads = append(e.threads, o.threads...)
	e.c.addSum(&o.c)
	if o.first.Before(e.first) {
		e.first = o.first
	}
	if o.last.After(e.last) {
		e.last = o.last
	}
}

// join merges event j into i (i < j: the older survives).
func (m *merger) join(i, j int) {
	a, b := m.events[i], m.events[j]
	a.absorb(b)
	a.version++
	b.alive = false
	m.parent[j] = i
	for k := range m.neighbours[j] {
		m.neighbours[i][k] = true
	}
	m.neighbours[j] = nil
	m.pushPairs(i)
}

type pair struct {
	sim    float64
	i, j   int
	vi, vj int
}

// pairHeap pops the most similar pair first; ties go to the oldest events
// so the result never depends on map order.
type pairHeap []pair

func (h pairHeap) Len() int { return len(h) }
func (h pairHeap) Less(x, y int) bool {
	if math.Abs(h[x].sim-h[y].sim) > 1e-12 {
		return h[x].sim > h[y].sim
	}
	if h[x].i != h[y].i {
		return h[x].i < h[y].i
	}
	return h[x].j < h[y].j
}
func (h pairHeap) Swap(x, y int) { h[x], h[y] = h[y], h[x] }
func (h *pairHeap) Push(v any)   { *h = append(*h, v.(pair)) }
func (h *pairHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}
