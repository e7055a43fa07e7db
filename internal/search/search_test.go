package search_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/search"
)

var now = time.Date(2025, 2, 15, 12, 0, 0, 0, time.UTC)

// story builds a one-article story whose headline is the title and whose
// summary is the first paragraph of the text.
func story(id string, age time.Duration, title, body string, quotes ...news.Quote) news.Story {
	at := now.Add(-age)
	a := news.Article{ID: id + "-a", Outlet: "Test Wire", Language: "en", Title: title, Text: body, Published: at}
	summary, _, _ := strings.Cut(body, "\n")
	return news.Story{
		ID:       id,
		Headline: title,
		Summary:  summary,
		Events:   []news.Event{{ID: id, Articles: []news.Article{a}, First: at, Last: at}},
		Quotes:   quotes,
	}
}

// five is the main fixture: one story each about Ukraine peace talks, the
// Chernobyl drone strike (which mentions peace talks once, in passing), the
// Super Bowl (which mentions contract talks), US inflation and the Paris AI
// summit. Several say "said" or "Ukraine", which hold "ai" but not the word AI.
func five() []news.Story {
	return []news.Story{
		story("peace", 20*time.Hour,
			"Rutte: no promise of NATO membership to Ukraine in peace talks",
			"NATO Secretary General Mark Rutte said Ukraine must be in the best possible position when peace talks start.\n"+
				"He said no promise of NATO membership had been made and that any peace deal must be durable.",
			news.Quote{Text: "We have to make sure that when talks start, Ukraine is in the best possible position.", Speaker: "Mark Rutte"}),
		story("chernobyl", 30*time.Hour,
			"Russian drone hits Chernobyl reactor shelter, Zelensky says",
			"A Russian attack drone struck the shelter over the destroyed reactor of the Chernobyl nuclear power plant, Ukrainian President Volodymyr Zelensky said.\n"+
				"Radiation levels remain normal. Zelensky said the strike showed Moscow was not preparing for peace talks."),
		story("superbowl", 5*24*time.Hour,
			"Eagles crush Chiefs 40-22 in Super Bowl LIX",
			"The Philadelphia Eagles beat the Kansas City Chiefs in the Super Bowl, and Jalen Hurts was named MVP.\n"+
				"Chiefs players said contract talks would wait until the spring."),
		story("inflation", 3*24*time.Hour,
			"US inflation picks up to 3% in January as egg prices jump",
			"Consumer prices rose 0.5% in January, the Labor Department said; the latest figures put annual inflation at 3%.\n"+
				"Economists said tariffs could add to price pressures this spring."),
		story("ai", 4*24*time.Hour,
			"US and Britain refuse to sign Paris AI summit declaration",
			"Leaders and tech executives met in Paris for a summit on artificial intelligence.\n"+
				"The United States and Britain said they would not sign the declaration on inclusive and sustainable AI."),
	}
}

func ids(hits []search.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Story.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := search.New(five(), now)
	for _, tc := range []struct {
		query string
		first string   // "" when nothing may be found
		only  bool     // first is the only hit
		below []string // stories that, if found, must rank below first
	}{
		{query: "what's new on the peace talks?", first: "peace", below: []string{"superbowl", "chernobyl"}},
		{query: "/ask peace talks NATO", first: "peace", below: []string{"superbowl", "chernobyl"}},
		{query: "/ask@newsdigestbot Peace Talks", first: "peace", below: []string{"superbowl"}},
		{query: "Chernobyl", first: "chernobyl", only: true},
		{query: "tell me about Zelensky", first: "chernobyl", only: true},
		{query: "What is happening with inflation?", first: "inflation", only: true},
		{query: "any news about AI", first: "ai", only: true},
		{query: "artificial intelligence", first: "ai", only: true},
		{query: "Super Bowl", first: "superbowl", only: true},
		{query: `"contract talks"`, first: "superbowl", only: true},
		{query: "latest updates?"},
		{query: "what's new?"},
		{query: "/ask"},
		{query: ""},
		{query: "xyzzy"},
		{query: `"talks peace"`}, // a phrase is ordered
	} {
		t.Run(tc.query, func(t *testing.T) {
			got := ids(ix.Search(tc.query, 10))
			if tc.first == "" {
				if len(got) != 0 {
					t.Fatalf("found %q, want nothing", got)
				}
				return
			}
			if len(got) == 0 || got[0] != tc.first || tc.only && len(got) != 1 {
				t.Fatalf("found %q, want %q first (only: %v)", got, tc.first, tc.only)
			}
			for _, id := range tc.below {
				if slices.Index(got, id) == 0 {
					t.Errorf("%q ranks first in %q", id, got)
				}
			}
		})
	}
}

func TestSearchLimitAndScores(t *testing.T) {
	ix := search.New(five(), now)
	all := ix.Search("peace talks", 0)
	if len(all) != 3 {
		t.Fatalf("limit 0 found %q, want all 3 stories that mention peace or talks", ids(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score || all[i].Score <= 0 {
			t.Errorf("scores not positive and descending: %v then %v", all[i-1].Score, all[i].Score)
		}
	}
	if got := ix.Search("peace talks", 2); len(got) != 2 || got[0] != all[0] || got[1] != all[1] {
		t.Errorf("limit 2 gave %q, want the first two of %q", ids(got), ids(all))
	}
}

// TestPhrases: a quoted phrase matches only consecutive terms; unquoted,
// the story with the terms side by side ranks first.
func TestPhrases(t *testing.T) {
	stories := []news.Story{
		story("apart", time.Hour, "Peace activists march as union talks stall",
			"Thousands joined the peace march in the capital.\nSeparately, talks between the union and employers stalled."),
		story("together", time.Hour, "Peace talks resume in Geneva",
			"Envoys met in Geneva as peace talks resumed after a month."),
		story("neither", time.Hour, "Geneva motor show opens", "Carmakers showed new models in Geneva."),
	}
	ix := search.New(stories, now)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{`"peace talks"`, []string{"together"}},
		{`“Peace Talks”`, []string{"together"}},
		{`"peace talks" Geneva`, []string{"together"}},
		{"peace talks", []string{"together", "apart"}},
		{"Geneva", []string{"neither", "together"}}, // equal but for length: the shorter story first
	} {
		if got := ids(ix.Search(tc.query, 10)); !slices.Equal(got, tc.want) {
			t.Errorf("Search(%s) = %q, want %q", tc.query, got, tc.want)
		}
	}
	for _, tc := range []struct {
		id   string
		want bool
	}{{"together", true}, {"apart", false}, {"neither", false}} {
		s := stories[slices.IndexFunc(stories, func(s news.Story) bool { return s.ID == tc.id })]
		if got := ix.Match(&s, []string{"peace talks"}); got != tc.want {
			t.Errorf("Match(%s, peace talks) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

// TestAdjacency: of two stories with the same terms, the one that has the
// query's terms side by side and in order ranks first.
func TestAdjacency(t *testing.T) {
	stories := []news.Story{
		story("a-apart", time.Hour, "Talks on peace stall", "Negotiators left."),
		story("b-adjacent", time.Hour, "Peace talks stall", "Negotiators left."),
	}
	want := []string{"b-adjacent", "a-apart"}
	if got := ids(search.New(stories, now).Search("peace talks", 10)); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRecency: of two otherwise equal stories the newer ranks first,
// whatever their IDs; an old story that matches still appears; equal
// scores are ordered by ID.
func TestRecency(t *testing.T) {
	const title, body = "Storm hits the coast", "A strong storm hit the coast overnight."
	for _, tc := range []struct {
		name    string
		stories []news.Story
		want    []string
	}{
		{"newer first", []news.Story{story("a", 5*24*time.Hour, title, body), story("b", time.Hour, title, body)}, []string{"b", "a"}},
		{"old still found", []news.Story{story("a", 60*24*time.Hour, title, body), story("b", 2*time.Hour, "Snow expected", "Snow is expected.")}, []string{"a"}},
		{"ties by ID", []news.Story{story("b", time.Hour, title, body), story("a", time.Hour, title, body)}, []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(search.New(tc.stories, now).Search("storm", 10)); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCoverage: a story matching every query term outranks one that
// repeats a single rare term.
func TestCoverage(t *testing.T) {
	stories := []news.Story{
		story("museum", time.Hour, "Chernobyl museum reopens",
			"The Chernobyl museum in Kyiv reopened. Chernobyl veterans attended. Chernobyl tours resume."),
		story("strike", time.Hour, "Drone strike raises radiation fears at nuclear plant",
			"A drone hit the shelter at Chernobyl. Radiation levels stayed normal."),
		story("other", time.Hour, "Drone deliveries expand", "Drone deliveries reached new cities and radiation was never mentioned."),
	}
	got := ids(search.New(stories, now).Search("Chernobyl drone radiation", 10))
	if len(got) == 0 || got[0] != "strike" {
		t.Errorf("got %q, want strike first", got)
	}
}

func TestTopics(t *testing.T) {
	topics := []search.Topic{
		{ID: "ukraine-peace", Title: "Ukraine peace talks", Keywords: []string{"peace talks", "peace deal", "ceasefire"}},
		{ID: "sport", Title: "Sport", Keywords: []string{"Super Bowl", "football"}},
		{ID: "economy", Title: "Economy", Keywords: []string{"inflation", "tariffs"}},
		{ID: "ai", Title: "Artificial intelligence", Keywords: []string{"artificial intelligence", "AI"}},
	}
	stories := five()
	ix := search.New(stories, now)
	want := map[string][]string{
		"peace":     {"ukraine-peace"},
		"chernobyl": nil, // "peace talks" once, in passing
		"superbowl": {"sport"},
		"inflation": {"economy"},
		"ai":        {"ai"},
	}
	for i := range stories {
		s := &stories[i]
		if got := ix.Topics(s, topics); !slices.Equal(got, want[s.ID]) {
			t.Errorf("Topics(%s) = %q, want %q", s.ID, got, want[s.ID])
		}
	}
}

// TestMatchWords: keywords match whole words, short acronyms included, and
// weak evidence is not enough.
func TestMatchWords(t *testing.T) {
	openai := story("openai", time.Hour, "Musk-led group bids $97.4 billion for OpenAI",
		"OpenAI said the bid was not for sale. Aid groups in Taiwan said nothing.")
	passing := story("passing", time.Hour, "Markets close higher",
		"Shares rose.\nOne analyst mentioned tariffs.")
	twice := story("twice", time.Hour, "Markets close higher",
		"Shares rose as tariffs loomed.\nTraders expect more tariffs next month.")
	quoted := story("quoted", time.Hour, "Minister speaks",
		"The minister spoke to reporters.",
		news.Quote{Text: "A ceasefire is within reach.", Speaker: "Jane Doe"})
	covid := story("covid", time.Hour, "Covid-19 cases fall", "Hospital admissions fell.")
	ukrainian := story("uk", time.Hour, "Рютте: Україна має бути в найкращій позиції до мирних переговорів",
		"Генсек НАТО заявив, що союзники єдині.")
	stories := []news.Story{openai, passing, twice, quoted, covid, ukrainian}
	ix := search.New(stories, now)
	for _, tc := range []struct {
		s        *news.Story
		keywords []string
		want     bool
	}{
		{&stories[0], []string{"AI"}, false},
		{&stories[0], []string{"ai"}, false},
		{&stories[0], []string{"OpenAI"}, true},
		{&stories[0], []string{"Musk"}, true},
		{&stories[1], []string{"tariffs"}, false}, // once in the text
		{&stories[2], []string{"tariff"}, true},   // twice; stems meet
		{&stories[3], []string{"ceasefire"}, false},
		{&stories[3], []string{"Jane Doe"}, false},
		{&stories[4], []string{"covid"}, true}, // hyphenated words match by their parts
		{&stories[4], []string{"Covid-19"}, true},
		{&stories[4], []string{"the", "of"}, false}, // stop words alone never match
		{&stories[4], nil, false},
		// A keyword in another language matches its inflected forms.
		{&stories[5], []string{"мирні переговори"}, true},
		{&stories[5], []string{"НАТО"}, true}, // in the summary
		{&stories[5], []string{"peace talks"}, false},
	} {
		if got := ix.Match(tc.s, tc.keywords); got != tc.want {
			t.Errorf("Match(%s, %q) = %v, want %v", tc.s.ID, tc.keywords, got, tc.want)
		}
	}
}

// TestMatchUnindexed: a story the index does not hold is analysed on the
// spot, with words the index has never seen.
func TestMatchUnindexed(t *testing.T) {
	ix := search.New(five(), now)
	s := story("new", time.Hour, "Zylophonic quartet wins AI music prize", "The quartet won.")
	if !ix.Match(&s, []string{"zylophonic"}) || !ix.Match(&s, []string{"AI"}) || ix.Match(&s, []string{"peace talks"}) {
		t.Error("unindexed story matched wrongly")
	}
	if got := search.New(nil, now).Search("peace", 10); got != nil {
		t.Errorf("empty index found %v", got)
	}
}

// TestConcurrent runs searches and matches at once, for the race detector.
func TestConcurrent(t *testing.T) {
	stories := five()
	ix := search.New(stories, now)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			ix.Search(fmt.Sprintf("peace talks %d zylophone", i), 3)
			ix.Match(&stories[i%len(stories)], []string{"ceasefire", "new word"})
		})
	}
	wg.Wait()
}
