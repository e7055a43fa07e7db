package digest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/parse"
)

// seedFeeds are the bundled feeds that carry the five seed articles about
// Mark Rutte and Ukraine peace talks, with the title each seed starts with.
var seedFeeds = []struct{ file, outlet, title string }{
	{"ukrainska-pravda.atom", "Ukrainska Pravda", "Rutte: West is discussing a peace deal"},
	{"kyiv-ledger.xml", "Kyiv Ledger", "Rutte urges West to stop public talk"},
	{"pravda-ru.xml", "Pravda.Ru", "NATO pedals back on Ukraine"},
	{"interfax-ukraine.json", "Interfax-Ukraine", "Rutte: We have to make that when talks start"},
	{"bosphorus-post.atom", "Bosphorus Post English", "NATO Secretary General Rutte: No promise"},
}

// seedStory reads the seed articles from the bundled feeds into one story.
func seedStory(t *testing.T) *news.Story {
	t.Helper()
	var ev news.Event
	for _, f := range seedFeeds {
		body, err := os.ReadFile(filepath.Join("..", "..", "feeds", f.file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := parse.Feed(body, parse.Source{FeedID: f.file, Outlet: f.outlet, Language: "en"}, time.Now())
		if err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		found := false
		for _, a := range res.Articles {
			if strings.HasPrefix(a.Title, f.title) {
				ev.Articles = append(ev.Articles, a)
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("%s: no article titled %q…", f.file, f.title)
		}
	}
	return &news.Story{Events: []news.Event{ev}}
}

// TestQuotesSeedStory runs the quote pipeline over the five seed articles
// as the bundled feeds carry them.
func TestQuotesSeedStory(t *testing.T) {
	s := seedStory(t)
	Quotes(s)
	if len(s.Quotes) == 0 {
		t.Fatal("no quotes")
	}
	defer func() {
		if t.Failed() || testing.Verbose() {
			for _, q := range s.Quotes {
				t.Logf("%s (%s) %v\n  %.120s\n  excerpt: %s", q.Speaker, q.Role, q.Outlets, q.Text, q.Excerpt)
			}
		}
	}()

	// Rutte on Putin, in three outlets' words, is one quote listing all
	// three, and as the remark most outlets carry it comes first.
	var negotiator []news.Quote
	for _, q := range s.Quotes {
		if strings.Contains(q.Text, "negotiator") {
			negotiator = append(negotiator, q)
		}
	}
	if len(negotiator) != 1 {
		t.Fatalf("%d quotes call Putin a negotiator, want 1", len(negotiator))
	}
	top := negotiator[0]
	for _, o := range []string{"Interfax-Ukraine", "Bosphorus Post English", "Pravda.Ru"} {
		if !slices.Contains(top.Outlets, o) {
			t.Errorf("the negotiator remark lacks %s: %v", o, top.Outlets)
		}
	}
	if top.Speaker != "Mark Rutte" {
		t.Errorf("the negotiator remark is by %q", top.Speaker)
	}
	if s.Quotes[0].Text != top.Text {
		t.Errorf("first quote is %.60q, want the negotiator remark", s.Quotes[0].Text)
	}
	if !strings.Contains(top.Excerpt, "negotiator") || !strings.Contains(top.Excerpt, "peace") {
		t.Errorf("the negotiator remark's excerpt misses its point: %q", top.Excerpt)
	}
	// Pravda.Ru's short version joins no other remark.
	for _, q := range s.Quotes {
		if q.Text != top.Text && slices.Contains(q.Outlets, "Pravda.Ru") && strings.Contains(q.Text, "peace agreement") {
			t.Errorf("Pravda.Ru listed under %.60q", q.Text)
		}
	}

	rutte := map[string]bool{}
	zelensky := 0
	for _, q := range s.Quotes {
		switch {
		case strings.Contains(q.Speaker, "Putin"):
			t.Errorf("a quote is attributed to Putin: %.60q", q.Text)
		case q.Speaker == "Mark Rutte" && q.Role == "NATO Secretary General":
			rutte[q.Text] = true
		}
		if strings.HasPrefix(q.Text, "I believe that Germany") || strings.HasPrefix(q.Text, "If President Trump is willing") {
			zelensky++
			if q.Speaker != "Volodymyr Zelensky" {
				t.Errorf("%.40q is attributed to %q, want Volodymyr Zelensky", q.Text, q.Speaker)
			}
		}
		if q.Excerpt == "" || len(strings.Fields(strings.ReplaceAll(q.Excerpt, "…", ""))) > 35 {
			t.Errorf("excerpt %q of %.40q", q.Excerpt, q.Text)
		}
	}
	if len(rutte) < 6 {
		t.Errorf("Rutte (NATO Secretary General) has %d distinct quotes, want at least 6", len(rutte))
	}
	if zelensky != 2 {
		t.Errorf("found %d of Zelensky's two quotes", zelensky)
	}
}

// TestQuotesWireCopy checks that a wire copy reports the quotes of the
// article it copies, and that excerpts reach the story.
func TestQuotesWireCopy(t *testing.T) {
	text := "The minister spoke in Vilnius on Monday.\n" +
		"“We will rebuild every bridge in the region before winter, and the first two will open in March. " +
		"The money is there, the contractors are chosen, and nobody will have to wait another year for a safe road to school. " +
		"I have promised this to the mayors, and I will keep that promise,” said Transport Minister Rasa Jonaite."
	s := &news.Story{Events: []news.Event{{Articles: []news.Article{{
		Outlet: "Baltic Wire", Title: "Minister promises bridges before winter", Text: text,
		Copies: []news.Copy{{Outlet: "Coastal Daily"}},
	}}}}}
	Quotes(s)
	if len(s.Quotes) != 1 {
		t.Fatalf("got %d quotes, want 1: %+v", len(s.Quotes), s.Quotes)
	}
	q := s.Quotes[0]
	if q.Speaker != "Rasa Jonaite" || !slices.Equal(q.Outlets, []string{"Baltic Wire", "Coastal Daily"}) {
		t.Errorf("quote %+v", q)
	}
	if q.Excerpt == "" || q.Excerpt == q.Text || !strings.Contains(q.Excerpt, "bridge") {
		t.Errorf("excerpt %q", q.Excerpt)
	}
}

// TestOneLanguage: a card in English shows the English quotes first, and
// a person quoted in Ukrainian too is named as the English quotes name
// him, with the English role.
func TestOneLanguage(t *testing.T) {
	s := &news.Story{Quotes: []news.Quote{
		{Text: "Ми чітко єдині", Speaker: "Марк Рютте", Role: "генсек НАТО", Lang: "uk"},
		{Text: "He is a tough negotiator", Speaker: "Mark Rutte", Role: "NATO Secretary General"},
		{Text: "Станом на зараз радіаційний фон не підвищився", Speaker: "Володимир Зеленський", Lang: "uk"},
	}}
	oneLanguage(s, "")
	var got []string
	for _, q := range s.Quotes {
		got = append(got, q.Speaker+" / "+q.Role+" / "+q.Lang)
	}
	want := []string{
		"Mark Rutte / NATO Secretary General / ",
		"Mark Rutte / NATO Secretary General / uk",
		"Володимир Зеленський /  / uk", // no English quote names him: left as written
	}
	if !slices.Equal(got, want) {
		t.Errorf("quotes:\n%q\nwant\n%q", got, want)
	}
}
