package text

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestSentences(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   string
		want []string
	}{
		"empty":          {"", nil},
		"blank lines":    {"\n  \n", nil},
		"one":            {"Rutte spoke.", []string{"Rutte spoke."}},
		"no final stop":  {"Rutte spoke. Then he left", []string{"Rutte spoke.", "Then he left"}},
		"marks":          {"Is it? Yes! Really... No.", []string{"Is it?", "Yes!", "Really...", "No."}},
		"ellipsis rune":  {"Wait… What? Ok.", []string{"Wait…", "What?", "Ok."}},
		"paragraphs":     {"One. Two.\nThree.", []string{"One.", "Two.", "Three."}},
		"spaces trimmed": {"  One.   Two.  ", []string{"One.", "Two."}},
		"lowercase next": {"He said no. and left.", []string{"He said no. and left."}},
		"digit next":     {"It ended. 42 people left.", []string{"It ended.", "42 people left."}},
		"U.S.":           {"The U.S. Army moved. It left.", []string{"The U.S. Army moved.", "It left."}},
		"Gen.":           {"Gen. Smith spoke. He left.", []string{"Gen. Smith spoke.", "He left."}},
		"Mr. and Mrs.":   {"Mr. Smith went. Mrs. Jones stayed.", []string{"Mr. Smith went.", "Mrs. Jones stayed."}},
		"D.C. mid-sentence": {
			"He flew to Washington, D.C. on Monday. Then home.",
			[]string{"He flew to Washington, D.C. on Monday.", "Then home."},
		},
		"initial":       {"Donald J. Trump spoke. Vance agreed.", []string{"Donald J. Trump spoke.", "Vance agreed."}},
		"two initials":  {"J. D. Vance spoke. Rutte agreed.", []string{"J. D. Vance spoke.", "Rutte agreed."}},
		"decimal":       {"Prices rose 3.5% in May. Wages did not.", []string{"Prices rose 3.5% in May.", "Wages did not."}},
		"e.g. and i.e.": {"Allies, e.g. Poland, agreed. Others, i.e. Hungary, did not.", []string{"Allies, e.g. Poland, agreed.", "Others, i.e. Hungary, did not."}},
		"Ph.D.":         {"She has a Ph.D. in law. She left.", []string{"She has a Ph.D. in law.", "She left."}},
		"in a bracket":  {"(Gen. Smith agreed.) Then he left.", []string{"(Gen. Smith agreed.)", "Then he left."}},
		"month":         {"On Jan. 5 he left. He returned.", []string{"On Jan. 5 he left.", "He returned."}},
		// These used to be read as abbreviations because of the inner period.
		"decimal at the end": {"Prices rose 3.5%. Wages fell.", []string{"Prices rose 3.5%.", "Wages fell."}},
		"money at the end":   {"It costs $3.50. Or more.", []string{"It costs $3.50.", "Or more."}},
		"domain at the end":  {"Read it on example.com. It is free.", []string{"Read it on example.com.", "It is free."}},
		"URL inside":         {"See example.com/a.html today. Done.", []string{"See example.com/a.html today.", "Done."}},
		"closing quote": {
			`He said "hello." Then he left.`,
			[]string{`He said "hello."`, "Then he left."},
		},
		"closing curly quote": {
			"Rutte said: “We agree.” Then he left.",
			[]string{"Rutte said: “We agree.”", "Then he left."},
		},
		"quote opening a sentence": {
			`It ended. "We won," he said.`,
			[]string{"It ended.", `"We won," he said.`},
		},
		// A quotation of several sentences followed by a lower-case
		// attribution is one sentence: splitting it would leave `"We will
		// win.` with an unbalanced quote and the attribution on the rest.
		"quote with attribution": {
			`"We will win. We must," he said. Then he left.`,
			[]string{`"We will win. We must," he said.`, "Then he left."},
		},
		"curly quote with attribution": {
			"He said: “We will fight. We will win,” the minister said. Next.",
			[]string{"He said: “We will fight. We will win,” the minister said.", "Next."},
		},
		"question in a quote": {
			"“Why now? Why here?” asked Rutte. Nobody knew.",
			[]string{"“Why now? Why here?” asked Rutte.", "Nobody knew."},
		},
		"quote ending the sentence": {
			`"We will win. We must." He left.`,
			[]string{`"We will win. We must."`, "He left."},
		},
		"guillemets": {
			"«Nous gagnerons. Nous devons», a-t-il dit. Fin.",
			[]string{"«Nous gagnerons. Nous devons», a-t-il dit.", "Fin."},
		},
		"German quotes": {
			"„Wir gewinnen. Wir müssen“, sagte er. Ende.",
			[]string{"„Wir gewinnen. Wir müssen“, sagte er.", "Ende."},
		},
		// A quotation left open runs on into the next paragraph in news
		// style; it must not swallow the rest of this one.
		"unclosed quote": {
			"“We will win. We must. Ukraine will prevail.",
			[]string{"“We will win.", "We must.", "Ukraine will prevail."},
		},
		"inch mark": {
			`The 12" pipe burst. Water flowed. "Oops," he said.`,
			[]string{`The 12" pipe burst.`, "Water flowed.", `"Oops," he said.`},
		},
		"two quotes": {
			`"Yes." "Never." Done.`,
			[]string{`"Yes."`, `"Never."`, "Done."},
		},
		"apostrophes": {
			"Rutte's plan won't work. Kyiv's view differs.",
			[]string{"Rutte's plan won't work.", "Kyiv's view differs."},
		},
		"only punctuation": {"...", []string{"..."}},
		"lone quote":       {`"`, []string{`"`}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := Sentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentencesLong(t *testing.T) {
	t.Parallel()
	// Many unclosed quotes and periods must stay linear, not quadratic.
	in := strings.Repeat("“a. ", 20000) + strings.Repeat("«b. ", 20000)
	if got := len(Sentences(in)); got != 40000 {
		t.Errorf("got %d sentences, want 40000", got)
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"", "One. Two.", `"We will win. We must," he said.`, "The U.S. Army. Gen. Smith. Donald J. Trump. 3.5%. e.g. x",
		"“a. b.” c. «d. e» f. „g. h“", "a.\nb.\n\n", "...!?…", `12" x. "y`, "\u00a0.\u2028A", "Ä. ß. 1.2.3. Z",
	} {
		f.Add(s)
	}
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sentences(in)
		for _, s := range out {
			if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, "\n") {
				t.Fatalf("Sentences(%q): bad sentence %q", in, s)
			}
		}
		if got, want := letters(strings.Join(out, " ")), letters(in); got != want {
			t.Fatalf("Sentences(%q) = %q lost letters:\n got %q\nwant %q", in, out, got, want)
		}
		// The other line-level helpers share the input; they must not panic.
		for _, n := range Names(in) {
			if strings.TrimSpace(n) == "" {
				t.Fatalf("Names(%q) holds an empty name", in)
			}
			_ = NameKey(n)
		}
		_ = Prose(in, "", "en")
	})
}
