package search

import (
	"slices"

	"github.com/newsdigest/newsdigest/internal/news"
)

// Topic is a followed subject, matched by its keywords.
type Topic struct {
	ID, Title string
	Keywords  []string
}

// matchWeight is what one occurrence of a keyword is worth in each field
// when deciding whether a story is about it; a story matches at
// matchNeeded. The headline, the article titles and the summary say what a
// story is about, so one occurrence there suffices; quotes and article
// text mention things in passing, so they need two. Names are derived from
// the other fields and would count a mention twice.
var matchWeight = [numFields]float64{headline: 2, titles: 2, summary: 2, quotes: 1, leads: 1}

const matchNeeded = 2

// Match reports whether s matches a keyword list (a topic or a keyword
// subscription): true when any keyword matches strongly enough.
//
// A keyword's terms, analysed as in Search, must occur as a phrase:
// consecutively and in order within one text, after stop words are dropped
// and words stemmed. So "peace talks" matches "peace talks" and "Peace
// Talks" but not a story with "peace" in one sentence and "talks" in
// another, and "AI" matches the word "AI", never "OpenAI" or "said". A
// one-word keyword is a phrase of one. The occurrences are then weighed by
// matchWeight: one in the headline, an article title or the summary is
// enough, in quotes and article text it takes two.
//
// A story the index holds (same ID) is judged by its indexed text; any
// other story is analysed on the spot.
func (ix *Index) Match(s *news.Story, keywords []string) bool {
	return ix.matcher(s).any(keywords)
}

// Topics returns the ids of the topics whose keywords Match s, in the
// order of topics.
func (ix *Index) Topics(s *news.Story, topics []Topic) []string {
	m := ix.matcher(s)
	var ids []string
	for _, t := range topics {
		if m.any(t.Keywords) {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// matcher matches keywords against one story.
type matcher struct {
	ix    *Index
	d     *doc
	i     int32 // the document's index, -1 for a story analysed on the spot
	terms func(keyword string) []uint32
}

func (ix *Index) matcher(s *news.Story) matcher {
	if i, ok := ix.byID[s.ID]; ok {
		return matcher{ix: ix, d: &ix.docs[i], i: int32(i), terms: ix.keyword}
	}
	v := newVocab(ix.vocab)
	d := newDoc(s, v)
	return matcher{ix: ix, d: &d, i: -1, terms: func(kw string) []uint32 { return termsOf(v, kw, nil) }}
}

// keyword returns the term ids of a keyword, nil when it has a term no
// indexed story contains. Topics are matched against every story with the
// same keywords, so the analysis is kept.
func (ix *Index) keyword(kw string) []uint32 {
	if ids, ok := ix.keywords.Load(kw); ok {
		return ids.([]uint32)
	}
	ids := termsOf(newVocab(ix.vocab), kw, nil)
	if slices.ContainsFunc(ids, func(t uint32) bool { return t > ix.vocab.next }) {
		ids = nil
	}
	ix.keywords.Store(kw, ids)
	return ids
}

// any reports whether one of keywords matches the story.
func (m matcher) any(keywords []string) bool {
	for _, kw := range keywords {
		if terms := m.terms(kw); len(terms) > 0 && m.evidence(terms) >= matchNeeded {
			return true
		}
	}
	return false
}

// evidence weighs the occurrences of terms as a phrase by matchWeight.
func (m matcher) evidence(terms []uint32) float64 {
	if m.i >= 0 && !m.ix.holdsAll(m.i, terms) {
		return 0 // most stories lack most keywords: the postings say so without a scan
	}
	var e float64
	for f, n := range m.d.phrase(terms) {
		e += matchWeight[f] * float64(n)
	}
	return e
}

// holdsAll reports whether document i contains every one of terms.
func (ix *Index) holdsAll(i int32, terms []uint32) bool {
	for _, t := range terms {
		if _, ok := ix.posting(t, i); !ok {
			return false
		}
	}
	return true
}
