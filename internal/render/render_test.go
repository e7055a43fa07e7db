package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
)

var (
	day1 = time.Date(2024, 12, 12, 18, 0, 0, 0, time.UTC)
	day2 = time.Date(2025, 2, 13, 19, 0, 0, 0, time.UTC)
)

func article(outlet, title, url string, published time.Time) news.Article {
	return news.Article{ID: outlet + "/" + title, Outlet: outlet, Title: title, URL: url, Published: published}
}

func event(arts ...news.Article) news.Event {
	return news.Event{ID: arts[0].ID, Articles: arts, First: arts[0].Published, Last: arts[len(arts)-1].Published}
}

// rutte is a two-event storyline like the seeds the product came from.
func rutte() news.Story {
	return news.Story{
		ID:       "s1",
		Headline: "Rutte: no promise of NATO membership to Ukraine",
		Summary:  "NATO's secretary general said Ukraine was never promised membership as part of a peace deal.",
		Events: []news.Event{
			event(article("Pravda", "Rutte warns against public talk of peace terms", "https://pravda.example/1", day1)),
			event(
				article("Interfax", "Rutte: Ukraine must be in the best position", "https://interfax.example/2", day2),
				article("Pravda", "NATO never promised membership", "https://pravda.example/2", day2),
				article("NoLink", "Wire copy", "", day2),
			),
		},
		Quotes: []news.Quote{{Text: "The outcome has to be durable.", Speaker: "Mark Rutte", Role: "NATO Secretary General", Outlets: []string{"Interfax", "Pravda"}}},
		Topics: []string{"ukraine"},
	}
}

func digest(stories ...news.Story) news.Digest {
	return news.Digest{Title: "News digest, 13 February 2025", From: day2.Add(-24 * time.Hour), Until: day2, Stories: stories}
}

func TestText(t *testing.T) {
	t.Parallel()
	want := `News digest, 13 February 2025
=============================

1. Rutte: no promise of NATO membership to Ukraine
   NATO's secretary general said Ukraine was never promised membership as part
   of a peace deal.
   > “The outcome has to be durable.” — Mark Rutte, NATO Secretary General (2
   > outlets)
   Earlier, 12 Dec 2024: Rutte warns against public talk of peace terms
   3 outlets: Pravda, Interfax, NoLink
   - Interfax: https://interfax.example/2
   - Pravda: https://pravda.example/2
   [story s1]
`
	if got := Text(digest(rutte())); got != want {
		t.Errorf("Text:\n%s\nwant:\n%s", got, want)
	}
	empty := Text(news.Digest{Title: "Digest"})
	if want := "Digest\n======\n\nNothing new.\n"; empty != want {
		t.Errorf("Text of an empty digest = %q, want %q", empty, want)
	}
}

func TestTextEarlierCapped(t *testing.T) {
	t.Parallel()
	s := rutte()
	for i := range 6 {
		e := event(article("Old", "Old event "+string(rune('A'+i)), "", day1.Add(-time.Duration(i+1)*24*time.Hour)))
		s.Events = append([]news.Event{e}, s.Events...)
	}
	got := Text(digest(s))
	if n := strings.Count(got, "Earlier,"); n != maxEarlier {
		t.Errorf("%d earlier lines, want %d:\n%s", n, maxEarlier, got)
	}
	// Newest first: the event just before the latest one leads.
	if i, j := strings.Index(got, "Rutte warns"), strings.Index(got, "Old event A"); i < 0 || j < 0 || i > j {
		t.Errorf("earlier events not newest first:\n%s", got)
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		s      string
		width  int
		indent string
		want   string
	}{
		"short":           {"a b c", 78, "  ", "  a b c"},
		"wrapped":         {"aaa bbb ccc", 9, "> ", "> aaa bbb\n> ccc"},
		"long word":       {"abcdefghijkl x", 5, "", "abcdefghijkl\nx"},
		"runes not bytes": {"ééé ééé", 7, "", "ééé ééé"},
		"empty":           {"", 10, "  ", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := wrap(tt.s, tt.width, tt.indent); got != tt.want {
				t.Errorf("wrap(%q, %d, %q) = %q, want %q", tt.s, tt.width, tt.indent, got, tt.want)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	b, err := JSON(digest(rutte()))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Title   string    `json:"title"`
		Until   time.Time `json:"until"`
		Stories []struct {
			ID       string       `json:"id"`
			Headline string       `json:"headline"`
			Outlets  []string     `json:"outlets"`
			Topics   []string     `json:"topics"`
			Quotes   []news.Quote `json:"quotes"`
			Events   []struct {
				ID       string            `json:"id"`
				Headline string            `json:"headline"`
				Articles []json.RawMessage `json:"articles"`
			} `json:"events"`
			Articles []struct {
				Outlet string `json:"outlet"`
				URL    string `json:"url"`
			} `json:"articles"`
		} `json:"stories"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, b)
	}
	if got.Title != "News digest, 13 February 2025" || !got.Until.Equal(day2) || len(got.Stories) != 1 {
		t.Fatalf("unexpected digest: %s", b)
	}
	s := got.Stories[0]
	if s.ID != "s1" || len(s.Events) != 2 || len(s.Articles) != 4 || len(s.Quotes) != 1 {
		t.Errorf("story = %+v", s)
	}
	if want := []string{"Pravda", "Interfax", "NoLink"}; strings.Join(s.Outlets, ",") != strings.Join(want, ",") {
		t.Errorf("outlets = %q, want %q", s.Outlets, want)
	}
	if s.Events[1].Headline != "Rutte: Ukraine must be in the best position" {
		t.Errorf("event headline = %q", s.Events[1].Headline)
	}
	if strings.Contains(string(b), `"url": ""`) {
		t.Errorf("empty URL not omitted:\n%s", b)
	}

	// Empty lists are [] rather than null, for scripts.
	s2 := rutte()
	s2.Quotes, s2.Topics = nil, nil
	for _, d := range []news.Digest{{Title: "empty"}, digest(s2)} {
		b, err := JSON(d)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "null") {
			t.Errorf("JSON holds null:\n%s", b)
		}
	}
}

func TestCardQuotes(t *testing.T) {
	s := news.Story{ID: "s", Headline: "H", Summary: "S.", Events: []news.Event{{ID: "e", Articles: []news.Article{{Outlet: "O", Title: "T", URL: "https://o.example/1"}}}}}
	for i := range 5 {
		s.Quotes = append(s.Quotes, news.Quote{Text: fmt.Sprintf("full text %d, long and winding", i), Excerpt: fmt.Sprintf("key %d", i), Speaker: "Mark Rutte", Role: "NATO Secretary General"})
	}
	s.Quotes = append([]news.Quote{{Text: "nobody said this"}}, s.Quotes...)
	d := news.Digest{Title: "D", Stories: []news.Story{s}}
	for name, out := range map[string]string{"text": Text(d), "html": strings.Join(HTML(d), "\n")} {
		if strings.Contains(out, "nobody said this") || strings.Contains(out, "full text") {
			t.Errorf("%s: card shows an unattributed quote or a full text instead of the excerpt:\n%s", name, out)
		}
		if strings.Count(out, "key ") != maxCardQuotes || !strings.Contains(out, "Mark Rutte, NATO Secretary General") {
			t.Errorf("%s: want %d excerpts with speaker and role:\n%s", name, maxCardQuotes, out)
		}
	}
	b, err := JSON(d)
	if err != nil || strings.Count(string(b), `"excerpt"`) != 5 {
		t.Errorf("JSON should carry every quote with its excerpt: %v\n%s", err, b)
	}
}
