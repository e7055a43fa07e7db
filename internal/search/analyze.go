package search

import (
	"iter"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/text"
)

// vocab turns words into term ids. New grows the index's vocab; afterwards
// it is read-only: a query or a story the index does not hold is analysed
// with a vocab layered over it, so its new terms get fresh ids (which match
// nothing indexed) without writing to the index, and its known words skip
// the stemmer.
type vocab struct {
	base  *vocab            // read-only, or nil
	terms map[string]uint32 // stemmed term → id, ids from 1
	words map[string]uint32 // raw word → term id, 0 for a stop word: stemming is the costly step
	next  uint32            // the last id handed out
	buf   []uint32          // scratch for one document's terms, reused
}

func newVocab(base *vocab) *vocab {
	v := &vocab{base: base, terms: map[string]uint32{}, words: map[string]uint32{}}
	if base != nil {
		v.next = base.next
	}
	return v
}

// id returns the id of a stemmed term, adding it if new.
func (v *vocab) id(term string) uint32 {
	if v.base != nil {
		if id, ok := v.base.terms[term]; ok {
			return id
		}
	}
	if id, ok := v.terms[term]; ok {
		return id
	}
	v.next++
	v.terms[term] = v.next
	return v.next
}

// word returns the term id of one word, 0 for a stop word.
func (v *vocab) word(w string) uint32 {
	if v.base != nil {
		if id, ok := v.base.words[w]; ok {
			return id
		}
	}
	id, ok := v.words[w]
	if !ok {
		if t := text.Term(w, ""); t != "" {
			id = v.id(t)
		}
		// A copy packs the keys together: left as substrings, they are
		// spread over every story's text and each lookup's key comparison
		// misses the cache, which made lookups twice as slow.
		v.words[strings.Clone(w)] = id
	}
	return id
}

// text appends the term ids of s and a separator to dst. Every text is
// analysed alike (text.Term with no language: English stems, Cyrillic
// words stemmed by their endings): stories and queries must meet in one
// vocabulary.
func (v *vocab) text(dst []uint32, s string) []uint32 {
	for w := range words(s) {
		if id := v.word(w); id != 0 {
			dst = append(dst, id)
		}
	}
	return append(dst, 0)
}

// words yields the words of s as text.Words finds them (runs of letters,
// digits and marks, with inner apostrophes), except that a hyphen always
// separates: the parts of "Covid-19" or "cease-fire" are matched on their
// own. It yields substrings of s, allocating nothing: text.Words converts
// the whole text to runes and allocates every word, and New splits
// millions of words.
func words(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			in := isWordRune(r)
			if !in && start >= 0 && (r == '\'' || r == '’') {
				next, _ := utf8.DecodeRuneInString(s[i+size:])
				in = isWordRune(next)
			}
			switch {
			case in && start < 0:
				start = i
			case !in && start >= 0:
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
			i += size
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// isWordRune is text's definition of a word character, with a fast path
// for ASCII.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// newDoc turns a story into a document: its fields' term ids in order.
// Names are collected from every field but the leads: the names a story is
// about are in its titles, summary and quotes, and finding names in the
// leads too made New a quarter slower.
func newDoc(s *news.Story, v *vocab) doc {
	d := doc{story: s, seq: v.buf[:0]}
	var named []string
	add := func(f field, texts ...string) {
		for _, t := range texts {
			if t != "" {
				d.seq = v.text(d.seq, t)
				if f != leads {
					named = append(named, t)
				}
			}
		}
		d.end[f] = len(d.seq)
	}
	add(headline, s.Headline)
	add(titles, storyTexts(s, func(a *news.Article) string { return a.Title })...)
	add(summary, s.Summary)
	var qs []string
	for _, q := range s.Quotes {
		qs = append(qs, q.Text, q.Speaker)
	}
	add(quotes, qs...)
	add(leads, storyTexts(s, func(a *news.Article) string { return lead(a.Text) })...)
	for _, t := range named {
		for _, n := range text.Names(t) {
			d.seq = v.text(d.seq, text.NameKey(n))
		}
	}
	d.end[names] = len(d.seq)
	v.buf = d.seq
	d.seq = slices.Clone(d.seq) // the index keeps it: no spare capacity
	return d
}

// storyTexts applies part to every article of every event.
func storyTexts(s *news.Story, part func(*news.Article) string) []string {
	var out []string
	for i := range s.Events {
		for j := range s.Events[i].Articles {
			out = append(out, part(&s.Events[i].Articles[j]))
		}
	}
	return out
}

// lead returns the first leadBytes of an article's text, cut at a space so
// that no half word is indexed.
func lead(s string) string {
	if len(s) <= leadBytes {
		return s
	}
	cut := strings.LastIndexAny(s[:leadBytes], " \n\t")
	if cut <= 0 {
		cut = leadBytes
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut]
}

// Recency: a story's weight halves every halfLife since its newest article
// but never drops below freshFloor, so that an old story that matches a
// query exactly still appears, below fresh ones that match as well.
const (
	halfLife   = 72 * time.Hour
	freshFloor = 0.25
)

func freshness(newest, now time.Time) float64 {
	if newest.IsZero() {
		return freshFloor
	}
	age := max(now.Sub(newest), 0) // a clock skewed into the future is "now"
	return freshFloor + (1-freshFloor)*math.Exp2(-age.Hours()/halfLife.Hours())
}

// newest is the publication time of the story's newest article.
func newest(s *news.Story) time.Time {
	var t time.Time
	for _, e := range s.Events {
		for _, a := range e.Articles {
			if a.Published.After(t) {
				t = a.Published
			}
		}
	}
	return t
}
