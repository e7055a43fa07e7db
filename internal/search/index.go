// Package search ranks stories against a reader's query ("what's new on
// the peace talks?", "/ask peace talks NATO") and matches stories against
// keyword lists (configured topics, keyword subscriptions).
//
// A story is indexed as one document with several weighted fields: its
// headline, the titles of all its articles, its summary, its quotes and
// their speakers, the leads of its articles, and the names (people,
// places, bodies; text.Names, keyed by text.NameKey) in all of those but
// the leads. Every text goes through the same analysis as the query: words
// as text.Words finds them, hyphenated words split into their parts
// ("Covid-19", "cease-fire"), then text.Term (lower-cased, stop words
// dropped, English Snowball stems). Matching is on whole terms only, so the
// query "AI" finds "AI" but never "said" or "OpenAI".
//
// Scoring is BM25F: a term's occurrences in all fields are first summed
// into one pseudo-frequency, each field's count weighted and normalised by
// that field's length, and BM25 saturation is applied once to the sum. A
// per-field sum of BM25 scores would let a term seen in five fields count
// almost five times; BM25F keeps "mentioned everywhere" from swamping
// "mentioned in the headline". On top of BM25F come an ordered-adjacency
// bonus for neighbouring query terms, a coverage factor and recency; see
// Search.
package search // import "github.com/newsdigest/newsdigest/internal/search"

import (
	"slices"
	"sync"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

// field is one part of a story document.
type field int

const (
	headline field = iota
	titles         // every article title of every event
	summary
	quotes // quote texts and speakers
	leads  // the first leadBytes of every article's text
	names  // text.NameKey of every name in the fields above but leads
	numFields
)

// fieldWeight says how much one occurrence in a field is worth. Headlines
// and titles state what a story is about; leads mention much in passing;
// names are the words readers search for ("Rutte", "NATO"), so a term that
// is also a name gets extra weight on top of its text field.
var fieldWeight = [numFields]float64{
	headline: 3,
	titles:   2,
	summary:  1.5,
	quotes:   1,
	leads:    0.5,
	names:    1.5,
}

// BM25 parameters: the usual values, which suit short news texts.
const (
	k1 = 1.2
	b  = 0.75
)

// leadBytes caps how much of each article's text is indexed: the news is
// in the first paragraphs, and the cap bounds memory and build time.
const leadBytes = 2000

// Index is an immutable BM25F index over stories, built once per grouping
// run. It indexes the stories' text as it is when New runs, so build it
// after summarising if headlines and summaries are to count; hits point
// into the slice given to New. All methods are safe for concurrent use.
type Index struct {
	docs     []doc
	vocab    *vocab         // read-only
	post     [][]posting    // by term id, each list in document order
	byID     map[string]int // story ID → document; the first story wins
	keywords sync.Map       // keyword → its analysis; see keyword
}

// doc is one story prepared for matching.
type doc struct {
	story *news.Story
	// seq holds the term ids of all fields in field order, with a 0 after
	// every separate text (a title, a quote, a name) so that no phrase
	// spans two of them.
	seq []uint32
	end [numFields]int // seq[end[f-1]:end[f]] is field f
	bag []termCount    // the distinct terms, while New builds the postings
	// norm is BM25's length normalisation per field: 1-b+b·len/avglen.
	norm  [numFields]float64
	fresh float64 // recency multiplier
}

// posting records a term's occurrences in one document, per field.
type posting struct {
	doc int32
	tf  [numFields]uint8 // saturating: BM25 makes counts past a few moot
}

// New indexes stories as of now (the reference time for recency).
func New(stories []news.Story, now time.Time) *Index {
	ix := &Index{docs: make([]doc, len(stories)), vocab: newVocab(nil), byID: make(map[string]int, len(stories))}
	var c counter
	for i := range stories {
		d := &ix.docs[i]
		*d = newDoc(&stories[i], ix.vocab)
		d.bag = c.bag(d, int32(i))
		d.fresh = freshness(newest(&stories[i]), now)
		if _, dup := ix.byID[stories[i].ID]; !dup {
			ix.byID[stories[i].ID] = i
		}
	}
	ix.post = make([][]posting, ix.vocab.next+1)
	ix.indexPostings()
	ix.normalise()
	return ix
}

// termCount is one term of a document with its occurrences per field.
type termCount struct {
	term uint32
	p    posting
}

// counter counts the terms of documents.
type counter struct {
	// slot[t] is term t's index in the current bag plus one, 0 while the
	// document has not used t; reset after every document.
	slot []int32
	buf  []termCount // scratch for the bag, reused
}

// bag returns the distinct terms of d, which is document i, with their
// counts per field.
func (c *counter) bag(d *doc, i int32) []termCount {
	bag := c.buf[:0]
	for f := range numFields {
		for _, t := range d.field(f) {
			if t == 0 {
				continue
			}
			if int(t) >= len(c.slot) {
				c.slot = append(c.slot, make([]int32, int(t)+1-len(c.slot))...)
			}
			if c.slot[t] == 0 {
				bag = append(bag, termCount{term: t, p: posting{doc: i}})
				c.slot[t] = int32(len(bag))
			}
			if n := &bag[c.slot[t]-1].p.tf[f]; *n < 255 {
				*n++
			}
		}
	}
	for _, tc := range bag {
		c.slot[tc.term] = 0
	}
	c.buf = bag
	return slices.Clone(bag)
}

// indexPostings turns the documents' bags into inverted lists. Counting
// each term's documents first lets every list be allocated at its exact
// size from one backing array: lists grown by appending would copy
// themselves repeatedly and keep up to half their capacity unused for the
// life of the index.
func (ix *Index) indexPostings() {
	df := make([]int, len(ix.post))
	total := 0
	for i := range ix.docs {
		for _, c := range ix.docs[i].bag {
			df[c.term]++
		}
		total += len(ix.docs[i].bag)
	}
	backing := make([]posting, total)
	for t, n := range df {
		ix.post[t], backing = backing[:0:n], backing[n:]
	}
	for i := range ix.docs {
		for _, c := range ix.docs[i].bag {
			ix.post[c.term] = append(ix.post[c.term], c.p)
		}
		ix.docs[i].bag = nil // needed only here
	}
}

// normalise sets every document's BM25 length normalisation, which needs
// the average length of each field over the collection.
func (ix *Index) normalise() {
	var total [numFields]float64
	for i := range ix.docs {
		for f := range numFields {
			total[f] += float64(ix.docs[i].length(f))
		}
	}
	for i := range ix.docs {
		d := &ix.docs[i]
		for f := range numFields {
			d.norm[f] = 1
			if total[f] > 0 {
				avg := total[f] / float64(len(ix.docs))
				d.norm[f] = 1 - b + b*float64(d.length(f))/avg
			}
		}
	}
}

// field returns the term ids of field f, separators included.
func (d *doc) field(f field) []uint32 {
	start := 0
	if f > 0 {
		start = d.end[f-1]
	}
	return d.seq[start:d.end[f]]
}

// length is the number of terms in field f.
func (d *doc) length(f field) int {
	n := 0
	for _, t := range d.field(f) {
		if t != 0 {
			n++
		}
	}
	return n
}
