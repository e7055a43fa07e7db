package digest

import (
	"cmp"
	"slices"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/quote"
	"github.com/newsdigest/newsdigest/internal/text"
)

// Quotes fills a story's key quotes from all its articles: each article's
// quotes with their speakers, the same remark in several outlets (in other
// words or translations) merged into one, best first, each with an
// excerpt of its key sentence or two for the card, in the story's main
// language first (oneLanguage). The article's text and
// title go along: the writer's words around a quote tell which remark a
// trimmed quote belongs to, and the lead which quotes matter. A wire copy
// reports the quotes of the article it copies.
func Quotes(s *news.Story) {
	var sources []quote.Source
	langOf := map[string]string{} // outlet → the language it reports in
	counts := map[string]int{}
	for _, a := range s.Articles() {
		lang := a.Language
		if lang == "en" {
			lang = ""
		}
		langOf[a.Outlet] = lang
		counts[lang]++
		for _, c := range a.Copies {
			langOf[c.Outlet] = lang
		}
	}
	main := ""
	for l, n := range counts {
		if n > counts[main] || n == counts[main] && l < main {
			main = l
		}
	}
	for _, a := range s.Articles() {
		qs := quote.ExtractLang(a.Text, a.Language)
		if len(qs) == 0 {
			continue
		}
		sources = append(sources, quote.Source{Outlet: a.Outlet, Quotes: qs, Text: a.Text, Title: a.Title, Lang: a.Language})
		for _, c := range a.Reprints() {
			sources = append(sources, quote.Source{Outlet: c.Outlet, Quotes: qs, Text: a.Text, Title: a.Title, Lang: a.Language})
		}
	}
	s.Quotes = nil
	for _, q := range quote.Merge(sources) {
		nq := news.Quote{Text: q.Text, Speaker: q.Speaker, Role: q.Role, Outlets: q.Outlets, Excerpt: q.Excerpt}
		if len(q.Outlets) > 0 {
			nq.Lang = langOf[q.Outlets[0]]
		}
		s.Quotes = append(s.Quotes, nq)
	}
	oneLanguage(s, main)
}

// oneLanguage puts the quotes in lang first (keeping their order
// otherwise) and names each person as the quotes in lang do: one speaker
// across scripts (Марк Рютте is Mark Rutte in an English card), the role
// in lang too.
func oneLanguage(s *news.Story, lang string) {
	type name struct{ speaker, role string }
	names := map[string]name{}
	for _, q := range s.Quotes {
		if q.Lang == lang && q.Speaker != "" {
			if k := text.CrossKey(q.Speaker, lang); k != "" {
				if _, ok := names[k]; !ok {
					names[k] = name{q.Speaker, q.Role}
				}
			}
		}
	}
	for i, q := range s.Quotes {
		if q.Lang == lang || q.Speaker == "" {
			continue
		}
		if n, ok := names[text.CrossKey(q.Speaker, q.Lang)]; ok {
			s.Quotes[i].Speaker, s.Quotes[i].Role = n.speaker, n.role
		}
	}
	slices.SortStableFunc(s.Quotes, func(a, b news.Quote) int {
		return cmp.Compare(b2i(a.Lang != lang), b2i(b.Lang != lang))
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
