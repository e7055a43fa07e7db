// Package render turns a digest into what a reader sees: plain text for a
// terminal, Telegram HTML split into messages within Telegram's limits, and
// JSON for scripts. All three come from one model, news.Digest.
package render // import "github.com/newsdigest/newsdigest/internal/render"

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/i18n"
	"github.com/newsdigest/newsdigest/internal/news"
)

// maxEarlier is how many earlier events of a storyline a card lists.
const maxEarlier = 3

// Text renders d for a terminal, in English.
func Text(d news.Digest) string {
	const lang = i18n.English
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", d.Title, strings.Repeat("=", len([]rune(d.Title))))
	if len(d.Stories) == 0 {
		b.WriteString("\n" + i18n.T(lang, i18n.NothingNew) + "\n")
		return b.String()
	}
	for i, s := range d.Stories {
		fmt.Fprintf(&b, "\n%d. %s\n", i+1, s.Headline)
		if s.Summary != "" {
			b.WriteString(wrap(s.Summary, 78, "   ") + "\n")
		}
		for _, q := range cardQuotes(lang, s, maxCardQuotes) {
			b.WriteString(wrap(i18n.T(lang, i18n.Quoted, excerpt(q))+" — "+attribution(lang, q), 78, "   > ") + "\n")
		}
		for _, e := range earlier(s) {
			fmt.Fprintf(&b, "   %s %s\n", i18n.T(lang, i18n.Earlier, i18n.ShortDate(lang, e.Last)), e.Articles[e.Lead].Title)
		}
		outlets := s.Outlets()
		fmt.Fprintf(&b, "   %s: %s\n", i18n.N(lang, i18n.Outlets, len(outlets)), strings.Join(outlets, ", "))
		for _, a := range latestLinks(s) {
			fmt.Fprintf(&b, "   - %s: %s%s\n", a.Outlet, a.URL, alsoBy(lang, a))
		}
		fmt.Fprintf(&b, "   [story %s]\n", s.ID)
	}
	return b.String()
}

// JSON renders d for scripts.
func JSON(d news.Digest) ([]byte, error) {
	type copy struct {
		Outlet string `json:"outlet"`
		URL    string `json:"url,omitempty"`
	}
	type article struct {
		Outlet    string    `json:"outlet"`
		Title     string    `json:"title"`
		URL       string    `json:"url,omitempty"`
		Published time.Time `json:"published"`
		AlsoBy    []copy    `json:"also_published_by,omitempty"`
	}
	type event struct {
		ID       string    `json:"id"`
		Headline string    `json:"headline"`
		First    time.Time `json:"first"`
		Last     time.Time `json:"last"`
		Articles []article `json:"articles"`
	}
	type story struct {
		ID       string       `json:"id"`
		Headline string       `json:"headline"`
		Summary  string       `json:"summary"`
		Topics   []string     `json:"topics"`
		Outlets  []string     `json:"outlets"`
		Quotes   []news.Quote `json:"quotes"`
		Events   []event      `json:"events"`
		Articles []article    `json:"articles"`
	}
	out := struct {
		Title   string    `json:"title"`
		From    time.Time `json:"from"`
		Until   time.Time `json:"until"`
		Stories []story   `json:"stories"`
	}{Title: d.Title, From: d.From, Until: d.Until, Stories: []story{}}
	for _, s := range d.Stories {
		js := story{ID: s.ID, Headline: s.Headline, Summary: s.Summary, Topics: nonNil(s.Topics),
			Outlets: s.Outlets(), Quotes: s.Quotes, Articles: []article{}}
		if js.Quotes == nil {
			js.Quotes = []news.Quote{}
		}
		for _, e := range s.Events {
			je := event{ID: e.ID, Headline: e.Articles[e.Lead].Title, First: e.First, Last: e.Last}
			for _, a := range e.Articles {
				ja := article{Outlet: a.Outlet, Title: a.Title, URL: a.URL, Published: a.Published}
				for _, c := range a.Reprints() {
					ja.AlsoBy = append(ja.AlsoBy, copy{Outlet: c.Outlet, URL: c.URL})
				}
				je.Articles = append(je.Articles, ja)
				js.Articles = append(js.Articles, ja)
			}
			js.Events = append(js.Events, je)
		}
		out.Stories = append(out.Stories, js)
	}
	return json.MarshalIndent(out, "", "  ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// earlier returns the storyline's earlier events, newest first.
func earlier(s news.Story) []news.Event {
	var out []news.Event
	for i := len(s.Events) - 2; i >= 0 && len(out) < maxEarlier; i-- {
		out = append(out, s.Events[i])
	}
	return out
}

// latestLinks returns one article per outlet for the whole storyline,
// newest coverage first.
func latestLinks(s news.Story) []news.Article {
	seen := map[string]bool{}
	var out []news.Article
	for i := len(s.Events) - 1; i >= 0; i-- {
		for _, a := range s.Events[i].Articles {
			if !seen[a.Outlet] && a.URL != "" {
				seen[a.Outlet] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// maxCardQuotes is how many key quotes a story card shows; the full story
// view and JSON carry them all.
const maxCardQuotes = 3

// cardQuotes returns the quotes a card in lang shows: the best few, those
// quoted in lang first, and only attributed ones, since an unattributed
// quote says little.
func cardQuotes(lang string, s news.Story, n int) []news.Quote {
	var mine, others []news.Quote
	for _, q := range s.Quotes {
		switch {
		case q.Speaker == "":
		case quoteLang(q) == lang:
			mine = append(mine, q)
		default:
			others = append(others, q)
		}
	}
	out := append(mine, others...)
	return out[:min(n, len(out))]
}

// quoteLang is the language a quote was quoted in.
func quoteLang(q news.Quote) string {
	if q.Lang == "" {
		return i18n.English
	}
	return q.Lang
}

// excerpt is the part of a quote a card shows.
func excerpt(q news.Quote) string {
	if q.Excerpt != "" {
		return q.Excerpt
	}
	return q.Text
}

// alsoBy names the outlets that reprinted a, for a link line.
func alsoBy(lang string, a news.Article) string {
	reprints := a.Reprints()
	if len(reprints) == 0 {
		return ""
	}
	outlets := make([]string, len(reprints))
	for i, c := range reprints {
		outlets[i] = c.Outlet
	}
	return " (" + i18n.T(lang, i18n.AlsoBy, strings.Join(outlets, ", ")) + ")"
}

func attribution(lang string, q news.Quote) string {
	who := q.Speaker
	if who == "" {
		who = i18n.T(lang, i18n.Unattributed)
	}
	if q.Role != "" {
		who += ", " + q.Role
	}
	if n := len(q.Outlets); n > 1 {
		who += " (" + i18n.N(lang, i18n.Outlets, n) + ")"
	}
	if ql := quoteLang(q); ql != lang {
		// Quoted in another language than the card's: say which.
		name := ql
		if _, ok := i18n.Match(ql); ok {
			name = i18n.Name(ql)
		}
		who += " [" + name + "]"
	}
	return who
}

// wrap folds s at width columns, indenting every line.
func wrap(s string, width int, indent string) string {
	var lines []string
	line := indent
	for _, w := range strings.Fields(s) {
		if len([]rune(line))+len([]rune(w)) > width && strings.TrimSpace(line) != strings.TrimSpace(indent) {
			lines = append(lines, strings.TrimRight(line, " "))
			line = indent
		}
		line += w + " "
	}
	return strings.Join(append(lines, strings.TrimRight(line, " ")), "\n")
}
