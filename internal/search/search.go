package search

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/newsdigest/newsdigest/internal/news"
)

// Hit is one story found by Search.
type Hit struct {
	Story *news.Story // an element of the slice given to New
	Score float64     // relevance; comparable only within one search
}

// pairWeight is how much a pair of query terms found side by side counts,
// relative to a term: enough to put "peace talks" above a story that says
// "peace" in one place and "talks" in another, not enough to outweigh a
// missing term.
const pairWeight = 0.5

// tally accumulates one story's score during a search.
type tally struct {
	score   float64
	clauses int // query clauses matched
	quoted  int // quoted phrases matched
}

// Search parses a free-text query or question and returns the matching
// stories, best first, at most limit of them (all when limit <= 0). A query
// with no content words left ("what's new?") finds nothing.
//
// Every query clause (a term, or a quoted phrase) adds its BM25F score.
// Quoted phrases are required. Neighbouring unquoted terms found side by
// side in a story add pairWeight times their score as a phrase. The sum is
// multiplied by coverage², the share of clauses matched squared, so that a
// story matching all the query ranks above one that repeats a single rare
// term, and by the story's recency (see freshness). Equal scores are
// ordered by story ID.
func (ix *Index) Search(q string, limit int) []Hit {
	pq := ix.parse(q)
	if len(pq.clauses) == 0 {
		return nil
	}
	found := make([]tally, len(ix.docs)) // dense: cheaper than a map that grows
	quoted := 0
	for _, c := range pq.clauses {
		if c.quoted {
			quoted++
		}
		ix.score(c.terms, 1, func(doc int32, s float64) {
			t := &found[doc]
			t.score += s
			t.clauses++
			if c.quoted {
				t.quoted++
			}
		})
	}
	for _, p := range pq.pairs {
		ix.score(p, pairWeight, func(doc int32, s float64) { found[doc].score += s })
	}
	var hits []Hit
	for doc, t := range found {
		if t.clauses == 0 || t.quoted < quoted {
			continue
		}
		d := &ix.docs[doc]
		coverage := float64(t.clauses) / float64(len(pq.clauses))
		hits = append(hits, Hit{Story: d.story, Score: t.score * coverage * coverage * d.fresh})
	}
	slices.SortFunc(hits, func(x, y Hit) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return strings.Compare(x.Story.ID, y.Story.ID)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// score calls add with the weighted BM25F score of every story holding
// terms as a phrase (one term: anywhere).
func (ix *Index) score(terms []uint32, weight float64, add func(doc int32, s float64)) {
	type hit struct {
		doc int32
		tf  float64
	}
	var hs []hit
	if len(terms) == 1 {
		for _, p := range ix.postings(terms[0]) {
			hs = append(hs, hit{p.doc, ix.docs[p.doc].weigh(p.tf)})
		}
	} else {
		for _, i := range ix.containing(terms) {
			if tf := ix.docs[i].weigh(ix.docs[i].phrase(terms)); tf > 0 {
				hs = append(hs, hit{i, tf})
			}
		}
	}
	idf := ix.idf(len(hs))
	for _, h := range hs {
		add(h.doc, weight*idf*h.tf*(k1+1)/(h.tf+k1))
	}
}

// idf is BM25's inverse document frequency in the variant that is never
// negative, so a term in most stories still counts a little.
func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.docs))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// weigh folds per-field counts into BM25F's pseudo-frequency.
func (d *doc) weigh(tf [numFields]uint8) float64 {
	var s float64
	for f, n := range tf {
		if n > 0 {
			s += fieldWeight[f] * float64(n) / d.norm[f]
		}
	}
	return s
}

// containing returns the documents that hold every one of terms, in
// document order: it walks the shortest posting list and looks the
// document up in the others.
func (ix *Index) containing(terms []uint32) []int32 {
	rarest := terms[0]
	for _, t := range terms[1:] {
		if len(ix.postings(t)) < len(ix.postings(rarest)) {
			rarest = t
		}
	}
	var out []int32
next:
	for _, p := range ix.postings(rarest) {
		for _, t := range terms {
			if t == rarest {
				continue
			}
			if _, ok := ix.posting(t, p.doc); !ok {
				continue next
			}
		}
		out = append(out, p.doc)
	}
	return out
}

// postings returns the list of term t; none for a term the index has not
// seen.
func (ix *Index) postings(t uint32) []posting {
	if int(t) < len(ix.post) {
		return ix.post[t]
	}
	return nil
}

// posting finds term t's entry for document i.
func (ix *Index) posting(t uint32, i int32) (posting, bool) {
	ps := ix.postings(t)
	j, ok := slices.BinarySearchFunc(ps, i, func(p posting, i int32) int { return cmp.Compare(p.doc, i) })
	if !ok {
		return posting{}, false
	}
	return ps[j], true
}

// phrase counts, per field, where terms occur consecutively.
func (d *doc) phrase(terms []uint32) [numFields]uint8 {
	var c [numFields]uint8
	for f := range numFields {
		seq := d.field(f)
		for i := 0; i+len(terms) <= len(seq); i++ {
			if slices.Equal(seq[i:i+len(terms)], terms) && c[f] < 255 {
				c[f]++
			}
		}
	}
	return c
}
