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
	Sentences int // how many sentences at most; default 2
	MaxWords  int // stop adding sentences past this many words; default 70
	// Lang, when the newest event has articles in it, is the language to
	// summarise in (a reader's): the headline and the sentences come from
	// those articles. Otherwise the lead article's language is used.
	Lang string
}

var _ Summarizer = Extractive{}

// What makes a good summary sentence.
const (
	minWords = 8
	maxWords = 55
	// lambda trades centrality against novelty (maximal marginal
	// relevance): below 1, a sentence that repeats the headline or an
	// already chosen sentence loses to one that adds something.
	lambda = 0.65
)

type candidate struct {
	text  string
	terms map[string]bool
	rel   float64
	order int
}

// Summarize summarises the story's newest event: the headline is the title
// of its most central article, the summary its most central sentences that
// add to the headline and to each other.
func (x Extractive) Summarize(s *news.Story) {
	n, budget := x.Sentences, x.MaxWords
	if n <= 0 {
		n = 2
	}
	if budget <= 0 {
		budget = 70
	}
	ev := s.Latest()
	lead := ev.Articles[ev.Lead]
	if x.Lang != "" && language(lead) != x.Lang {
		for _, a := range ev.Articles {
			if language(a) == x.Lang {
				lead = a // the event's articles are in time order: the first report in Lang
				break
			}
		}
	}
	s.Headline = lead.Title

	cands := candidates(ev, language(lead))
	picked := mmr(cands, set(text.Terms(s.Headline, lead.Language)), n, budget)
	sort.Slice(picked, func(i, j int) bool { return picked[i].order < picked[j].order })
	parts := make([]string, len(picked))
	for i, c := range picked {
		parts[i] = c.text
	}
	s.Summary = strings.Join(parts, " ")
	if s.Summary == "" {
		s.Summary = firstWords(text.StripDateline(strings.Join(text.Prose(lead.Text, lead.Title, lead.Language), " ")), 40)
	}
}

// candidates returns the usable sentences of an event's articles, scored by
// how many of the event's articles share their words (centrality) times how
// rare the words are among the event's sentences (the subject's name is in
// every sentence and says nothing new), with a bonus for early sentences
// (news puts the news first) and for the lead article.
func candidates(ev *news.Event, lang string) []candidate {
	df := map[string]float64{}
	type raw struct {
		text      string
		terms     map[string]bool
		pos       int
		lead      bool
		usable    bool
		articleNo int
	}
	var all []raw
	for ai, a := range ev.Articles {
		if language(a) != lang {
			continue // a summary keeps to one language
		}
		seen := map[string]bool{}
		for _, t := range text.Terms(a.Title, a.Language) {
			seen[t] = true
		}
		for pi, sent := range text.Sentences(strings.Join(text.Prose(a.Text, a.Title, a.Language), "\n")) {
			sent = text.StripDateline(sent)
			terms := set(text.Terms(sent, a.Language))
			for t := range terms {
				seen[t] = true
			}
			all = append(all, raw{sent, terms, pi, ai == ev.Lead, usable(sent), ai})
		}
		for t := range seen {
			df[t]++
		}
	}
	sf := map[string]float64{}
	for _, r := range all {
		for t := range r.terms {
			sf[t]++
		}
	}
	nsent := float64(len(all))
	var out []candidate
	for _, r := range all {
		if !r.usable || len(r.terms) == 0 {
			continue
		}
		var sum float64
		for t := range r.terms {
			sum += df[t] * math.Log(1+nsent/sf[t])
		}
		rel := sum / math.Sqrt(float64(len(r.terms))) / (1 + 0.1*float64(r.pos))
		if r.lead {
			rel *= 1.2
		}
		out = append(out, candidate{text: r.text, terms: r.terms, rel: rel, order: len(out)})
	}
	return out
}

// mmr picks up to n sentences within budget words by maximal marginal
// relevance, the headline counting as already said.
func mmr(cands []candidate, headline map[string]bool, n, budget int) []candidate {
	maxRel := 0.0
	for _, c := range cands {
		maxRel = math.Max(maxRel, c.rel)
	}
	if maxRel == 0 {
		return nil
	}
	said := []map[string]bool{headline}
	var picked []candidate
	used := make([]bool, len(cands))
	words := 0
	for len(picked) < n {
		best, bestScore := -1, math.Inf(-1)
		for i, c := range cands {
			if used[i] {
				continue
			}
			redundancy := 0.0
			for _, s := range said {
				redundancy = math.Max(redundancy, cosine(c.terms, s))
			}
			score := lambda*c.rel/maxRel - (1-lambda)*redundancy
			if score > bestScore+1e-12 {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		w := len(text.Words(cands[best].text))
		if len(picked) > 0 && words+w > budget {
			continue
		}
		picked = append(picked, cands[best])
		said = append(said, cands[best].terms)
		words += w
	}
	return picked
}

func cosine(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / math.Sqrt(float64(len(a)*len(b)))
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

// language is an article's language, English when unnamed.
func language(a news.Article) string {
	if a.Language == "" {
		return "en"
	}
	return a.Language
}
