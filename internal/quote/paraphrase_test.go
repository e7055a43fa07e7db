package quote

import (
	"slices"
	"strings"
	"testing"
)

// report is one outlet's article for a paraphrase case: either its quotes
// given directly, or an article text the quotes are extracted from (then
// the writer's words around them count too).
type report struct {
	outlet string
	quotes []string // each said by the case's speaker
	text   string
}

// The paraphrase sets are written for these tests: the same remarks as
// several outlets would report them, in their own words or translations,
// trimmed, split into sentences differently, with distinct remarks of the
// same speaker on the same subject mixed in.
var paraphraseCases = []struct {
	name    string
	speaker string
	reports []report
	// groups lists, for each remark that must come out as one StoryQuote,
	// a word only its versions use, and the outlets that must be listed.
	groups []struct {
		marker  string
		outlets []string
	}
	quotes int // how many StoryQuotes in all
}{
	{
		name:    "a short quote joins the remark its writer paraphrases, not the one sharing its words",
		speaker: "Mayor Ines Varga",
		reports: []report{
			{outlet: "City Herald", quotes: []string{
				"I have met the builders twice this month. They are difficult partners and they keep changing their minds. But if we want the bridge finished by summer, we need them on board, because they hold the permits.",
				"I do not accept that the project is late. Even if construction resumes tomorrow, the bridge will not be finished in a week. We want a safe bridge, and we need to make sure the city gets what it paid for.",
			}},
			{outlet: "Valley Post", quotes: []string{
				"I met the construction company two times this month. They are hard partners and rather unpredictable. However, if we really want to complete the bridge by summer, they have to be on board as well.",
				"I disagree that the project is behind schedule, because even when works restart it will not be completed within one week. We need to ensure the bridge is safe and that the city receives what it paid for.",
			}},
			{outlet: "Metro Daily", text: "Varga admitted that the builders are difficult and unpredictable partners. However, she added, “If we ultimately want a safe bridge finished, we need them.”\nMayor Ines Varga also said the city would audit the contract."},
		},
		groups: []struct {
			marker  string
			outlets []string
		}{
			{"partners", []string{"City Herald", "Valley Post", "Metro Daily"}},
			{"paid", []string{"City Herald", "Valley Post"}},
		},
		quotes: 2,
	},
	{
		name:    "translations with different sentence splits and synonyms",
		speaker: "Health Minister Tomas Lind",
		reports: []report{
			{outlet: "Nordic Wire", quotes: []string{
				"The vaccine is safe and effective. More than two million people have already received it, and we have seen no serious side effects.",
				"Clinics in the north will open on Saturdays from next month so that working parents can bring their children.",
			}},
			{outlet: "Baltic Times", quotes: []string{
				"The vaccine is safe and it works; over two million people got their shot already without serious side effects.",
			}},
			{outlet: "Kurier", quotes: []string{
				"We have recorded no serious side effects among more than two million vaccinated people.",
				"From next month, the clinics of the north will also be open on Saturdays, so working parents can bring their children.",
			}},
		},
		groups: []struct {
			marker  string
			outlets []string
		}{
			{"vaccin", []string{"Nordic Wire", "Baltic Times", "Kurier"}},
			{"saturdays", []string{"Nordic Wire", "Kurier"}},
		},
		quotes: 2,
	},
	{
		name:    "distinct remarks on one subject stay apart",
		speaker: "Coach Rui Alves",
		reports: []report{
			{outlet: "Goal Line", quotes: []string{
				"The referee made a terrible decision in the second half. We deserved at least a draw, and everybody in the stadium saw it.",
				"Our young players showed great character in the second half, and I am proud of every one of them.",
				"The injury to our captain looks serious; he will have a scan on Monday.",
			}},
			{outlet: "Sport Today", quotes: []string{
				"The referee's decision in the second half was terrible. We deserved a draw at the very least.",
				"I am so proud of the young players, who showed real character after the break.",
			}},
			{outlet: "Fan Zone", quotes: []string{
				"Our captain will have a scan on Monday, because the injury looks serious.",
			}},
		},
		groups: []struct {
			marker  string
			outlets []string
		}{
			{"referee", []string{"Goal Line", "Sport Today"}},
			{"proud", []string{"Goal Line", "Sport Today"}},
			{"scan", []string{"Goal Line", "Fan Zone"}},
		},
		quotes: 3,
	},
	{
		name:    "a short quote with the story's words but no shared remark stays alone",
		speaker: "Chancellor Petra Holm",
		reports: []report{
			{outlet: "Rhein Post", quotes: []string{
				"We will support the steel industry through the winter. Energy prices for factories will be capped, and no plant will close because of the crisis.",
			}},
			{outlet: "Capital Letter", quotes: []string{
				"The crisis will not end this winter, and households must prepare for high energy prices next year as well.",
				"Factories will get an energy price cap, and we will not let a single steel plant close because of this crisis.",
			}},
		},
		groups: []struct {
			marker  string
			outlets []string
		}{
			{"steel", []string{"Rhein Post", "Capital Letter"}},
			{"households", []string{"Capital Letter"}},
		},
		quotes: 2,
	},
	{
		name:    "a short quote close to two remarks does not chain them",
		speaker: "Mayor Lena Dorn",
		reports: []report{
			{outlet: "Arena News", quotes: []string{"The new stadium will be paid for by private investors, not by the taxpayers. The city only provides the land, and it keeps ownership of it."}},
			{outlet: "Civic Voice", quotes: []string{"Private investors, not the taxpayers, will pay for the new stadium; the city merely provides the land and remains its owner."}},
			{outlet: "Transit Weekly", quotes: []string{"The taxpayers will pay for the new metro line, and the first trains will run in 2027."}},
			{outlet: "Morning Brief", quotes: []string{"The taxpayers will not pay for the new stadium."}},
		},
		groups: []struct {
			marker  string
			outlets []string
		}{
			{"stadium", []string{"Arena News", "Civic Voice", "Morning Brief"}},
			{"metro", []string{"Transit Weekly"}},
		},
		quotes: 2,
	},
}

func (r report) source(speaker string) Source {
	if r.text != "" {
		return Source{Outlet: r.outlet, Quotes: Extract(r.text), Text: r.text}
	}
	s := Source{Outlet: r.outlet}
	for _, q := range r.quotes {
		s.Quotes = append(s.Quotes, Quote{Text: q, Speaker: speaker})
	}
	return s
}

func TestMergeParaphrases(t *testing.T) {
	for _, tc := range paraphraseCases {
		t.Run(tc.name, func(t *testing.T) {
			var sources []Source
			for _, r := range tc.reports {
				sources = append(sources, r.source(tc.speaker))
			}
			got := Merge(sources)
			if len(got) != tc.quotes {
				t.Errorf("got %d quotes, want %d", len(got), tc.quotes)
			}
			for _, g := range tc.groups {
				var found []StoryQuote
				for _, q := range got {
					if strings.Contains(strings.ToLower(q.Text), g.marker) {
						found = append(found, q)
					}
				}
				if len(found) != 1 {
					t.Errorf("%q: %d quotes, want 1", g.marker, len(found))
					continue
				}
				want := slices.Sorted(slices.Values(g.outlets))
				if have := slices.Sorted(slices.Values(found[0].Outlets)); !slices.Equal(have, want) {
					t.Errorf("%q: outlets %v, want %v", g.marker, have, want)
				}
			}
			if t.Failed() {
				for _, q := range got {
					t.Logf("%v %.2f %q", q.Outlets, q.Score, q.Text)
				}
			}
		})
	}
}
