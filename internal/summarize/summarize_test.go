package summarize

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/parse"
	"github.com/newsdigest/newsdigest/internal/text"
)

// seedEvent builds the 13 February 2025 press-conference event from the
// bundled feeds: three outlets, boilerplate included.
func seedEvent(t *testing.T) news.Story {
	t.Helper()
	var ev news.Event
	for _, f := range []string{"interfax-ukraine.json", "bosphorus-post.atom", "pravda-ru.xml"} {
		body, err := os.ReadFile("../../feeds/" + f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := parse.Feed(body, parse.Source{FeedID: f, Outlet: f, Language: "en"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range res.Articles {
			if strings.Contains(a.Text, "Rutte") {
				ev.Articles = append(ev.Articles, a)
			}
		}
	}
	if len(ev.Articles) != 3 {
		t.Fatalf("found %d seed articles, want 3", len(ev.Articles))
	}
	return news.Story{Events: []news.Event{ev}}
}

func TestSeedSummary(t *testing.T) {
	s := seedEvent(t)
	Extractive{}.Summarize(&s)
	if s.Headline != s.Events[0].Articles[0].Title {
		t.Errorf("headline %q is not the lead article's title", s.Headline)
	}
	sents := text.Sentences(s.Summary)
	if n := len(sents); n < 1 || n > 2 {
		t.Errorf("summary has %d sentences, want 1-2: %q", n, s.Summary)
	}
	if w := len(text.Words(s.Summary)); w > 70 {
		t.Errorf("summary has %d words, want at most 70", w)
	}
	if !strings.Contains(s.Summary, "Rutte") {
		t.Errorf("summary does not say who: %q", s.Summary)
	}
	for _, bad := range []string{"Subscribe", "Report spelling", "min read", "E-posta", "“", "\""} {
		if strings.Contains(s.Summary, bad) {
			t.Errorf("summary contains %q: %q", bad, s.Summary)
		}
	}
	if len(sents) == 2 && cosine(set(text.Terms(sents[0], "en")), set(text.Terms(sents[1], "en"))) > 0.5 {
		t.Errorf("summary repeats itself: %q", s.Summary)
	}
}

func TestUsable(t *testing.T) {
	tests := map[string]bool{
		"Rutte said NATO never promised Ukraine membership as part of a peace deal.": true,
		"Too short to say much.": false,
		"Why are we having these conversations on TV now, before the talks even start?":                   false,
		"“We have to make sure that when talks start Ukraine is in the best possible position,” he said.": false,
		"He said the outcome \"has to be durable and lasting and must be seen as such by the world\".":    false,
	}
	for sent, want := range tests {
		if got := usable(sent); got != want {
			t.Errorf("usable(%q) = %v, want %v", sent, got, want)
		}
	}
}

func TestSingleShortArticle(t *testing.T) {
	s := news.Story{Events: []news.Event{{Articles: []news.Article{{Title: "Storm warning", Text: "Snow."}}}}}
	Extractive{}.Summarize(&s)
	if s.Headline != "Storm warning" || s.Summary == "" {
		t.Errorf("got headline %q summary %q", s.Headline, s.Summary)
	}
}

// TestSummaryKeepsToOneLanguage: an event told in English and Ukrainian
// is summarised in its lead article's language only.
func TestSummaryKeepsToOneLanguage(t *testing.T) {
	s := seedEventWithUkrainian(t)
	Extractive{}.Summarize(&s)
	if strings.ContainsAny(s.Headline+s.Summary, "абвгдеєжзиіїйклмнопрстуфхцчшщьюя") {
		t.Errorf("the English summary mixes in Ukrainian:\n%s\n%s", s.Headline, s.Summary)
	}
}

// TestSummaryInReadersLanguage: asked for Ukrainian, a story with a
// Ukrainian report takes its headline and summary from it.
func TestSummaryInReadersLanguage(t *testing.T) {
	s := seedEventWithUkrainian(t)
	Extractive{Lang: "uk"}.Summarize(&s)
	if !strings.HasPrefix(s.Headline, "Рютте:") || !strings.Contains(s.Summary, "Рютте") || strings.ContainsAny(s.Summary, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("Ukrainian card:\n%s\n%s", s.Headline, s.Summary)
	}
	Extractive{Lang: "tr"}.Summarize(&s) // no Turkish report: the lead's language
	if strings.ContainsAny(s.Headline+s.Summary, "абвгдеєжзиіїйклмнопрстуфхцчшщьюя") {
		t.Errorf("a Turkish reader without Turkish reports got Ukrainian:\n%s\n%s", s.Headline, s.Summary)
	}
}

// seedEventWithUkrainian is seedEvent with the bundled Ukrainian outlet's
// report of the press conference added.
func seedEventWithUkrainian(t *testing.T) news.Story {
	t.Helper()
	s := seedEvent(t)
	body, err := os.ReadFile("../../feeds/dnipro-visnyk.xml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := parse.Feed(body, parse.Source{FeedID: "dnipro-visnyk", Outlet: "Дніпровський вісник"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ev := &s.Events[0]
	for _, a := range res.Articles {
		if strings.Contains(a.Text, "Рютте") {
			ev.Articles = append(ev.Articles, a)
		}
	}
	if len(ev.Articles) != 4 || ev.Articles[3].Language != "uk" {
		t.Fatalf("want the three English seed articles and one Ukrainian, got %d", len(ev.Articles))
	}
	return s
}

// TestSummaryWithoutDateline: the wire dateline that opens an article
// ("KYIV. Feb 14 (Interfax-Ukraine) –", "MUNICH —") does not open the
// summary.
func TestSummaryWithoutDateline(t *testing.T) {
	for _, text := range []string{
		"MUNICH — A car drove into a crowd of people taking part in a union march in central Munich on Thursday morning, injuring at least 28 people, police said.",
		"KYIV. Feb 14 (Interfax-Ukraine) – A Russian attack drone with a high-explosive warhead hit the shelter over the destroyed fourth power unit of the Chornobyl plant.",
	} {
		s := news.Story{Events: []news.Event{{Articles: []news.Article{{Title: "Headline", Text: text, Language: "en"}}}}}
		Extractive{}.Summarize(&s)
		if first := strings.Fields(s.Summary); len(first) == 0 || first[0] != "A" {
			t.Errorf("summary of %q = %q, want it to start with the sentence", text, s.Summary)
		}
	}
}

// TestSummaryNotTwiceTheSameNews: two outlets' opening sentences that say
// the same thing in their own words are one sentence of the summary.
func TestSummaryNotTwiceTheSameNews(t *testing.T) {
	a := news.Article{Outlet: "Rhine Report", Language: "en", Title: "Car ploughs into union rally in Munich",
		Text: "A car drove into a crowd of people taking part in a Verdi union march in central Munich on Thursday morning, injuring at least 28 people, police said.\n" +
			"Officers arrested the driver, a 24-year-old Afghan man, at the scene.\n" +
			"Bavarian premier Markus Söder called it an attack and said the driver must be punished."}
	b := news.Article{Outlet: "Northern Herald", Language: "en", Title: "Munich: car drives into Verdi march",
		Text: "At least 28 people were injured on Thursday morning when a car ploughed into a Verdi union march in central Munich, police said.\n" +
			"The marchers were striking for higher wages in the public sector.\n" +
			"The driver, an Afghan asylum seeker aged 24, was detained at the scene."}
	s := news.Story{Events: []news.Event{{Articles: []news.Article{a, b}}}}
	Extractive{}.Summarize(&s)
	if strings.Contains(s.Summary, "crowd of people") && strings.Contains(s.Summary, "At least 28 people were injured") {
		t.Errorf("the summary says the same news twice: %q", s.Summary)
	}
	if s.Summary == "" {
		t.Error("no summary")
	}
}
