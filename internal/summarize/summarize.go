// Package summarize writes a story's headline and a short extractive
// summary: central, non-redundant sentences drawn from across its
// articles. Summarizer is an interface so an LLM-backed implementation can
// replace the extractive default.
package summarize // import "github.com/newsdigest/newsdigest/internal/summarize"

import (
	"math"
	"sort"
	"strings"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/text"
)

// Summarizer fills a story's Headline and Summary.
type Summarizer interface {
	Summarize(s *news.Story)
}

// Extractive is the default Summarizer: it picks sentences, never writes them.
type Extractive struct {
	Sentences int // how many sentences; default 2
}

var _ Summarizer = Extractive{}

// Limits on what makes a good summary sentence.
const (
	minWords   = 8
	maxWords   = 55
	redundancy = 0.5 // Jaccard overlap above which a sentence repeats another
)

type candidate struct {
	text  string
	terms map[string]bool
	score float64
	order int
}

// Summarize summarises the story's newest event: the headline is the title
// of its most central article, the summary its most central sentences.
func (x Extractive) Summarize(s *news.Story) {
	n := x.Sentences
	if n <= 0 {
		n = 2
	}
	ev := s.Latest()
	lead := ev.Articles[ev.Lead]
	s.Headline = lead.Title

	// Centroid of the event's content words, with titles counted twice.
	centre := map[string]float64{}
	var cands []candidate
	for ai, a := range ev.Articles {
		for _, t := range text.Terms(a.Title, a.Language) {
			centre[t] += 2
		}
		for pi, sent := range text.Sentences(strings.Join(text.Prose(a.Text, a.Title, a.Language), "\n")) {
			terms := set(text.Terms(sent, a.Language))
			for t := range terms {
				centre[t]++
			}
			if !usable(sent) {
				continue
			}
			// Earlier sentences carry the news (inverted pyramid); the lead
			// article breaks ties.
			pos := 1 / math.Sqrt(float64(pi)+1)
			if ai == ev.Lead {
				pos *= 1.2
			}
			cands = append(cands, candidate{text: sent, terms: terms, score: pos, order: len(cands)})
		}
	}
	for i := range cands {
		var sum float64
		for t := range cands[i].terms {
			sum += centre[t]
		}
		cands[i].score *= sum / math.Sqrt(float64(len(cands[i].terms))+1)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })

	var picked []candidate
	for _, c := range cands {
		if len(picked) == n {
			break
		}
		if !redundant(c, picked) {
			picked = append(picked, c)
		}
	}
	sort.Slice(picked, func(i, j int) bool { return picked[i].order < picked[j].order })
	parts := make([]string, len(picked))
	for i, c := range picked {
		parts[i] = c.text
	}
	s.Summary = strings.Join(parts, " ")
	if s.Summary == "" {
		s.Summary = firstWords(lead.Text, 40)
	}
}

// usable rejects sentences that read badly out of context: too short or
// long, questions, and sentences that are mostly a quote (quotes have their
// own place on the card).
func usable(sent string) bool {
	w := len(text.Words(sent))
	if w < minWords || w > maxWords || strings.HasSuffix(sent, "?") {
		return false
	}
	if strings.ContainsRune("\"“«„‘", []rune(sent)[0]) {
		return false
	}
	quoted := 0
	in := false
	for _, r := range sent {
		switch r {
		case '"', '“', '”', '«', '»', '„':
			in = !in
		default:
			if in {
				quoted++
			}
		}
	}
	return quoted*2 < len([]rune(sent))
}

func redundant(c candidate, picked []candidate) bool {
	for _, p := range picked {
		inter := 0
		for t := range c.terms {
			if p.terms[t] {
				inter++
			}
		}
		union := len(c.terms) + len(p.terms) - inter
		if union > 0 && float64(inter)/float64(union) > redundancy {
			return true
		}
	}
	return false
}

func set(terms []string) map[string]bool {
	m := make(map[string]bool, len(terms))
	for _, t := range terms {
		m[t] = true
	}
	return m
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return strings.Join(f, " ")
	}
	return strings.Join(f[:n], " ") + "…"
}
