package digest

import (
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/quote"
)

// Quotes fills a story's key quotes from all its articles: each article's
// quotes with their speakers, the same remark in several outlets (in other
// words or translations) merged into one, best first, each with an
// excerpt of its key sentence or two for the card. The article's text and
// title go along: the writer's words around a quote tell which remark a
// trimmed quote belongs to, and the lead which quotes matter. A wire copy
// reports the quotes of the article it copies.
func Quotes(s *news.Story) {
	var sources []quote.Source
	for _, a := range s.Articles() {
		qs := quote.Extract(a.Text)
		if len(qs) == 0 {
			continue
		}
		sources = append(sources, quote.Source{Outlet: a.Outlet, Quotes: qs, Text: a.Text, Title: a.Title})
		for _, c := range a.Copies {
			sources = append(sources, quote.Source{Outlet: c.Outlet, Quotes: qs, Text: a.Text, Title: a.Title})
		}
	}
	s.Quotes = nil
	for _, q := range quote.Merge(sources) {
		s.Quotes = append(s.Quotes, news.Quote{Text: q.Text, Speaker: q.Speaker, Role: q.Role, Outlets: q.Outlets, Excerpt: q.Excerpt})
	}
}
