package cluster

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/text"
)

// Properties of news text, not of any data set.
const (
	titleWeight = 3.0  // a headline states what the story is about
	nameWeight  = 2.0  // names are strong evidence of one story
	leadChars   = 1500 // the lead carries the news; the rest is background
)

// doc is an article prepared for comparison.
type doc struct {
	a     *news.Article
	vec   vector
	names map[string]bool
}

// prepare builds unit TF-IDF vectors for all articles and returns them in
// time order (ties by ID, so results never depend on input order).
func prepare(articles []news.Article) []*doc {
	docs := make([]*doc, len(articles))
	df := map[string]int{}
	for i := range articles {
		d := newDoc(&articles[i])
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
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].before(docs[j]) })
	return docs
}

func (d *doc) before(o *doc) bool {
	if !d.a.Published.Equal(o.a.Published) {
		return d.a.Published.Before(o.a.Published)
	}
	return d.a.ID < o.a.ID
}

func newDoc(a *news.Article) *doc {
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
	// In a Title Case headline every word looks like a name.
	nameText := lead
	if !titleCase(a.Title) {
		nameText = a.Title + "\n" + lead
	}
	for _, name := range text.Names(nameText) {
		if k := text.NameKey(name); k != "" && !text.IsStopWord(k, a.Language) {
			d.names[k] = true
		}
	}
	for k := range d.names {
		d.vec["@"+k] += nameWeight
	}
	return d
}

// titleCase reports whether most content words of a headline are
// capitalised ("Apple Releases iOS 7.1 With Homescreen Fix").
func titleCase(title string) bool {
	words, caps := 0, 0
	for _, w := range text.Words(title) {
		if text.IsStopWord(strings.ToLower(w), "") {
			continue
		}
		words++
		if unicode.IsUpper([]rune(w)[0]) {
			caps++
		}
	}
	return words >= 3 && caps*4 >= words*3
}

// Neighbour smoothing: each vector is blended with those of its most similar
// articles published within smoothWindow. Only the postings of an article's
// strongest terms, and of those only the nearest in time, are scanned, so the
// cost per article is bounded however dense the stream.
const (
	smoothAlpha    = 2.0
	smoothK        = 10
	smoothMinSim   = 0.2
	smoothWindow   = 24 * time.Hour
	smoothTerms    = 8
	smoothPostings = 64
)

func smooth(docs []*doc) {
	postings := map[string][]int{} // term → doc indexes in time order
	for i, d := range docs {
		for _, t := range d.vec.top(smoothTerms) {
			postings[t] = append(postings[t], i)
		}
	}
	blended := make([]vector, len(docs))
	for i, d := range docs {
		blended[i] = blend(i, d, docs, postings)
	}
	for i, d := range docs {
		d.vec = blended[i]
	}
}

func blend(i int, d *doc, docs []*doc, postings map[string][]int) vector {
	type neighbour struct {
		j   int
		sim float64
	}
	seen := map[int]bool{i: true}
	var nbs []neighbour
	for _, t := range d.vec.top(smoothTerms) {
		list := postings[t]
		at := sort.SearchInts(list, i)
		lo, hi := max(0, at-smoothPostings/2), min(len(list), at+smoothPostings/2)
		for _, j := range list[lo:hi] {
			if seen[j] {
				continue
			}
			seen[j] = true
			gap := docs[j].a.Published.Sub(d.a.Published)
			if gap > smoothWindow || gap < -smoothWindow {
				continue
			}
			if s := dot(d.vec, docs[j].vec); s >= smoothMinSim {
				nbs = append(nbs, neighbour{j, s})
			}
		}
	}
	sort.Slice(nbs, func(a, b int) bool {
		if nbs[a].sim != nbs[b].sim {
			return nbs[a].sim > nbs[b].sim
		}
		return nbs[a].j < nbs[b].j
	})
	nbs = nbs[:min(len(nbs), smoothK)]
	v := make(vector, len(d.vec))
	for t, w := range d.vec {
		v[t] = w
	}
	for _, n := range nbs {
		for t, w := range docs[n.j].vec {
			v[t] += smoothAlpha * n.sim * w / float64(len(nbs))
		}
	}
	return v.normalize()
}
