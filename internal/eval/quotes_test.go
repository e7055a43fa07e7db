package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/newsdigest/newsdigest/internal/quote"
)

// runeSpan returns the code-point span of the first occurrence of sub.
func runeSpan(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(sub))
}

func TestScoreQuotes(t *testing.T) {
	text := "“One two three four five,” said Ann Lee. “Six seven eight nine ten.” Then “eleven twelve” he said."
	gold := func(sub, speaker string) GoldQuote {
		s, e := runeSpan(t, text, sub)
		return GoldQuote{Start: s, End: e, Speaker: speaker}
	}
	pred := func(sub, speaker string) quote.Quote {
		s, e := runeSpan(t, text, sub)
		return quote.Quote{Start: s, End: e, Speaker: speaker}
	}
	whole := gold("“One two three four five,” said Ann Lee. “Six seven eight nine ten.”", "Ann Lee")
	tests := []struct {
		name string
		pred []quote.Quote
		gold []GoldQuote
		want QuoteScore
	}{
		{
			name: "exact match with the right speaker",
			pred: []quote.Quote{pred("One two three four five,” said Ann Lee. “Six seven eight nine ten.", "Ann Lee")},
			gold: []GoldQuote{whole},
			want: QuoteScore{Predicted: 1, Right: 1, Gold: 1, Found: 1, Named: 1, Speakers: 1},
		},
		{
			name: "two halves together find an interrupted quote",
			pred: []quote.Quote{pred("One two three four five", "Lee"), pred("Six seven eight nine ten", "")},
			gold: []GoldQuote{whole},
			want: QuoteScore{Predicted: 2, Right: 2, Gold: 1, Found: 1, Named: 1, Speakers: 1},
		},
		{
			name: "half a quote is right but does not find it",
			pred: []quote.Quote{pred("Six seven eight nine ten", "Ann Lee")},
			gold: []GoldQuote{gold("“One two three four five,” said Ann Lee. “Six seven eight nine ten.” Then “eleven twelve”", "Ann Lee")},
			want: QuoteScore{Predicted: 1, Right: 1, Gold: 1},
		},
		{
			name: "a prediction mostly outside gold is wrong",
			pred: []quote.Quote{pred("eight nine ten.” Then “eleven twelve” he said", "Ann Lee")},
			gold: []GoldQuote{gold("eleven twelve", "he")},
			want: QuoteScore{Predicted: 1, Gold: 1},
		},
		{
			name: "wrong speaker",
			pred: []quote.Quote{pred("One two three four five", "Bob Stone")},
			gold: []GoldQuote{gold("“One two three four five,”", "Ms. Lee")},
			want: QuoteScore{Predicted: 1, Right: 1, Gold: 1, Found: 1, Named: 1},
		},
		{
			name: "a pronoun speaker is not scored",
			pred: []quote.Quote{pred("eleven twelve", "")},
			gold: []GoldQuote{gold("“eleven twelve”", "he")},
			want: QuoteScore{Predicted: 1, Right: 1, Gold: 1, Found: 1},
		},
		{
			name: "a gold span ending before it starts is never found",
			pred: []quote.Quote{pred("eleven twelve", "")},
			gold: []GoldQuote{{Start: 50, End: 40}},
			want: QuoteScore{Predicted: 1, Gold: 1},
		},
		{
			name: "nothing predicted",
			gold: []GoldQuote{whole},
			want: QuoteScore{Gold: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScoreQuotes(text, tc.pred, tc.gold); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestQuoteScoreRates(t *testing.T) {
	s := QuoteScore{Predicted: 4, Right: 3, Gold: 6, Found: 3, Named: 2, Speakers: 1}
	if s.Precision() != 0.75 || s.Recall() != 0.5 || s.F1() != 0.6 || s.SpeakerAccuracy() != 0.5 {
		t.Errorf("P %v R %v F1 %v speaker %v", s.Precision(), s.Recall(), s.F1(), s.SpeakerAccuracy())
	}
	if z := (QuoteScore{}); z.F1() != 0 || z.SpeakerAccuracy() != 0 {
		t.Errorf("empty score is not zero")
	}
}

func TestIsName(t *testing.T) {
	for speaker, want := range map[string]bool{
		"Mark Rutte":                       true,
		"Rep. Jim Jordan (R-Ohio)":         true,
		"Former Secretary Hillary Clinton": true,
		"he":                               false,
		"She":                              false,
		"the newspaper":                    false,
		"The New Yorker":                   false,
		"a source":                         false,
		"":                                 false,
		"said":                             false,
	} {
		if got := IsName(speaker); got != want {
			t.Errorf("IsName(%q) = %v, want %v", speaker, got, want)
		}
	}
}

func TestSharesWord(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Mark Rutte", "Rutte", true},
		{"Donald Trump", "Mr. Trump", true},
		{"O'Neill", "Tip O’Neill", true},
		{"Mr. Trump", "Mr. Obama", false},
		{"", "Rutte", false},
		{"Jane Doe", "John Smith", false},
	}
	for _, tc := range tests {
		if got := SharesWord(tc.a, tc.b); got != tc.want {
			t.Errorf("SharesWord(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestQuotes(t *testing.T) {
	in, err := os.Open("testdata/quotes.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out, report bytes.Buffer
	if err := Quotes(in, &out, &report); err != nil {
		t.Fatal(err)
	}
	var lines []quoteOut
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var l quoteOut
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	if len(lines) != 2 || lines[0].ID != "ex-1" || lines[1].ID != "ex-2" {
		t.Fatalf("output lines: %+v", lines)
	}
	if q := lines[0].Quotes; len(q) != 1 || q[0].Speaker != "Eva Lund" || q[0].Role != "harbour master" {
		t.Errorf("ex-1 quotes: %+v", q)
	}
	if q := lines[1].Quotes; len(q) != 2 || q[0].Speaker != "Tomas Berg" || q[1].Speaker != "Ana Ruiz" {
		t.Errorf("ex-2 quotes: %+v", q)
	}
	for _, want := range []string{"precision 1.0000 recall 1.0000 F1 1.0000", "speaker accuracy 1.0000 (2 of 2 named)", "3 predicted, 3 right, 3 gold, 3 found"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report %q lacks %q", report.String(), want)
		}
	}
}

func TestQuotesWithoutGold(t *testing.T) {
	var out, report bytes.Buffer
	in := strings.NewReader(`{"id":"a","text":"\"We won,\" said Ann Lee."}` + "\n\n")
	if err := Quotes(in, &out, &report); err != nil {
		t.Fatal(err)
	}
	if report.Len() != 0 {
		t.Errorf("report without gold: %q", report.String())
	}
	if !strings.Contains(out.String(), `"speaker":"Ann Lee"`) {
		t.Errorf("output %q", out.String())
	}
}

func TestQuotesLang(t *testing.T) {
	// Straight single marks quote only in Turkish: the lang field decides.
	text := `"text":"Rutte, 'Hazırız' dedi."`
	for lang, want := range map[string]string{"tr": `"speaker":"Rutte"`, "en": `"quotes":[]`} {
		var out bytes.Buffer
		in := strings.NewReader(`{"id":"a","lang":"` + lang + `",` + text + "}\n")
		if err := Quotes(in, &out, nil); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("lang %s: output %q lacks %q", lang, out.String(), want)
		}
	}
}

func TestQuotesBadInput(t *testing.T) {
	for in, want := range map[string]string{
		"{\"id\":\"a\",\"text\":\"x\"}\n{broken\n": "line 2",
		"\n{\"text\":\"no id\"}\n":                 "line 2: want an id",
	} {
		err := Quotes(strings.NewReader(in), &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Quotes(%q) error = %v, want %q", in, err, want)
		}
	}
}
