package quote

import (
	"slices"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"We met. They agreed!", []string{"We met.", "They agreed!"}},
		{"U.S. President Joe Biden and Mr. Smith met on Jan. 5 in Washington. Nothing came of it.",
			[]string{"U.S. President Joe Biden and Mr. Smith met on Jan. 5 in Washington.", "Nothing came of it."}},
		{"It was a good deal... But again, we wait. And wait... and wait.",
			[]string{"It was a good deal...", "But again, we wait.", "And wait... and wait."}},
		{"I asked them: ‘Why now? Who decided?’ Nobody answered.",
			[]string{"I asked them: ‘Why now? Who decided?’", "Nobody answered."}},
		{"Neither can you nor I. I have met him often. J. K. Rowling agrees.",
			[]string{"Neither can you nor I.", "I have met him often.", "J. K. Rowling agrees."}},
		{"Position first. […] And then the outcome", []string{"Position first.", "[…]", "And then the outcome"}},
		{"He said “stop.” Then he left.", []string{"He said “stop.”", "Then he left."}},
	}
	for _, c := range cases {
		if got := sentences(c.text); !slices.Equal(got, c.want) {
			t.Errorf("sentences(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestContentStemsFoldParaphrases(t *testing.T) {
	a, _ := contentStems("If we want a lasting peace deal, the talks must begin")
	b, _ := contentStems("if we wish for a durable peace agreement, negotiations have to start")
	for s := range a {
		if !b[s] {
			t.Errorf("stem %q of the first wording is missing from the second: %v", s, b)
		}
	}
	if c, _ := contentStems("the last time"); c[stem("durable")] {
		t.Error(`"last" folded with "lasting"`)
	}
}

func TestWritersWords(t *testing.T) {
	text := "City approves stadium plan\n" +
		"The council voted 31 to 4 on Tuesday. Mayor Lena Dorn called the investors reliable partners. Asked about costs, she said: “Taxpayers will not pay for it.”\n" +
		"Costs and doubts\n" +
		"Dorn answered critics:\n" +
		"“The land stays ours.”"
	qs := Extract(text)
	if len(qs) != 2 {
		t.Fatalf("extracted %+v", qs)
	}
	ctx, lead := writersWords("Stadium plan approved", text, "en", qs)
	// The introducing sentence and the one before, after the subhead
	// above them.
	if want := "City approves stadium plan Mayor Lena Dorn called the investors reliable partners. Asked about costs, she said:"; ctx[0] != want {
		t.Errorf("context of the first quote = %q, want %q", ctx[0], want)
	}
	if want := "Dorn answered critics Costs and doubts"; !sameWords(ctx[1], want) {
		t.Errorf("context of the second quote = %q, want the words of %q", ctx[1], want)
	}
	if !strings.HasPrefix(lead, "Stadium plan approved City approves stadium plan The council voted") || strings.Contains(lead, "Taxpayers") {
		t.Errorf("lead = %q", lead)
	}
	// Offsets that do not point at the quote give no context.
	ctx, _ = writersWords("", text, "", []Quote{{Text: "Taxpayers will not pay for it.", Start: 0, End: 10}})
	if ctx[0] != "" {
		t.Errorf("context for a misplaced quote: %q", ctx[0])
	}
}

func sameWords(a, b string) bool {
	x, y := wordsOf(a), wordsOf(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func TestExcerpt(t *testing.T) {
	sp := "Minister Rasa Jonaite"
	long := "I have been asked about this many times since the spring, and I understand why people are impatient. " +
		"We will rebuild every bridge in the region before the winter. " +
		"The contractors have been chosen, the money is in the budget, and the designs were approved by the engineers last week. " +
		"Nobody will have to wait another year for a safe road to school."
	cases := []struct {
		name    string
		sources []Source
		want    string // the excerpt, or with wantPart a part of it
		part    bool
	}{
		{
			name:    "a short quote is its own excerpt",
			sources: []Source{{Outlet: "A", Quotes: []Quote{{Text: "The bridges will be ready before winter.", Speaker: sp}}}},
			want:    "The bridges will be ready before winter.",
		},
		{
			name: "the sentence every outlet carries",
			sources: []Source{
				{Outlet: "A", Quotes: []Quote{{Text: long, Speaker: sp}}},
				{Outlet: "B", Quotes: []Quote{{Text: "Every bridge in the region will be rebuilt before winter, and nobody will wait another year for a safe road.", Speaker: sp}}},
				{Outlet: "C", Quotes: []Quote{{Text: "We will rebuild all the bridges of the region before winter comes.", Speaker: sp}}},
			},
			want: "… We will rebuild every bridge in the region before the winter. …",
		},
		{
			name: "the sentence the writer's lead takes up",
			sources: []Source{{Outlet: "A", Title: "Jonaite: safe roads to school within a year",
				Text:   "Minister Rasa Jonaite spoke in Vilnius.\n“" + long + "” Jonaite said.",
				Quotes: Extract("Minister Rasa Jonaite spoke in Vilnius.\n“" + long + "” Jonaite said.")}},
			want: "Nobody will have to wait another year for a safe road to school.",
			part: true,
		},
		{
			name: "an editor's aside does not count",
			sources: []Source{{Outlet: "A", Quotes: []Quote{{Speaker: sp, Text: "Why are we discussing this on television at all? " +
				"Let us decide it quietly, because otherwise every detail reaches the other side before the talks begin. " +
				"That is why I hesitate (questions about the budget for bridges, schools, roads, railways and airports in the region — ed.)."}}}},
			want: "Why are we discussing this on television at all? Let us decide it quietly, because otherwise every detail reaches the other side before the talks begin. …",
		},
		{
			name: "an overlong sentence is cut at its clauses",
			sources: []Source{{Outlet: "A", Quotes: []Quote{{Speaker: sp, Text: "When I came to this ministry, after years in the city council, " +
				"where we argued every winter about the same broken bridges, the same closed roads and the same angry parents, " +
				"I promised that the reconstruction of the northern bridges would start before the end of my first year, " +
				"and I intend to keep that promise whatever the opposition says about the budget"}}}},
			part: true,
			want: "…",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Merge(c.sources)
			if len(got) != 1 {
				t.Fatalf("got %d quotes: %+v", len(got), got)
			}
			ex := got[0].Excerpt
			if n := countWords(ex); n > excerptWords || n == 0 {
				t.Errorf("excerpt has %d words: %q", n, ex)
			}
			if c.part && !strings.Contains(ex, c.want) || !c.part && ex != c.want {
				t.Errorf("excerpt\n got %q\nwant %q", ex, c.want)
			}
			for _, piece := range strings.Split(ex, "…") {
				if piece = strings.TrimSpace(piece); piece != "" && !strings.Contains(got[0].Text, piece) {
					t.Errorf("excerpt piece %q is not in the text", piece)
				}
			}
		})
	}
}

func TestMergeRanksTheMostReportedRemarkFirst(t *testing.T) {
	sp := "Mark Rutte"
	sources := []Source{
		{Outlet: "A", Title: "Rutte: allies must spend more on defence", Quotes: []Quote{
			{Text: "Allies must spend far more on defence, and they must do it now, not in ten years, because the threat is growing every month.", Speaker: sp},
			{Text: "We will support Ukraine for as long as it takes.", Speaker: sp},
		}},
		{Outlet: "B", Quotes: []Quote{{Text: "We stand with Ukraine as long as it takes.", Speaker: sp}}},
		{Outlet: "C", Quotes: []Quote{{Text: "Our support for Ukraine will last as long as it takes.", Speaker: sp}}},
	}
	got := Merge(sources)
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if len(got[0].Outlets) != 3 {
		t.Errorf("first quote %q has outlets %v, want the remark all three carry", got[0].Text, got[0].Outlets)
	}
}
