package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestShingles(t *testing.T) {
	tests := []struct {
		text string
		want map[string]int
	}{
		{"", map[string]int{}},
		{" — ", map[string]int{}},
		{"one two", map[string]int{"one two": 1}},
		{"a b c d", map[string]int{"a b c d": 1}},
		{"a b c d e a b c d", map[string]int{"a b c d": 2, "b c d e": 1, "c d e a": 1, "d e a b": 1, "e a b c": 1}},
		// \w+ as in Python: letters, numbers and "_"; punctuation splits.
		{"Київ, 2024-03-14: snake_case!", map[string]int{"Київ 2024 03 14": 1, "2024 03 14 snake_case": 1}},
	}
	for _, tt := range tests {
		got := shingles(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			continue
		}
		for s, n := range tt.want {
			if got[s] != n {
				t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			}
		}
	}
}

func TestScoreExtract(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	gold := "w1 w2 w3 w4 w5 w6" // 3 shingles
	tests := []struct {
		pred       string
		tp, fp, fn float64
	}{
		{gold, 1, 0, 0},
		{"", 0, 0, 1},
		{"w1 w2 w3 w4 w5", 2.0 / 3, 0, 1.0 / 3},          // 2 of 3 shingles
		{"w1 w2 w3 w4 w5 w6 x1", 3.0 / 4, 1.0 / 4, 0},    // one extra shingle
		{"x1 x2 x3 x4", 0, 1.0 / 4, 3.0 / 4},             // nothing right
		{"W1 w2 w3 w4 w5 w6", 2.0 / 4, 1.0 / 4, 1.0 / 4}, // case counts
	}
	for _, tt := range tests {
		c := ScoreExtract(gold, tt.pred)
		if !near(c.TP, tt.tp) || !near(c.FP, tt.fp) || !near(c.FN, tt.fn) {
			t.Errorf("%q: %+v, want %v %v %v", tt.pred, c, tt.tp, tt.fp, tt.fn)
		}
	}
	if c := ScoreExtract("", ""); c != (ExtractCounts{}) {
		t.Errorf("empty: %+v", c)
	}
}

func TestScoreExtracts(t *testing.T) {
	// Precision averages over articles with a prediction, recall over
	// articles with gold; F1 is the harmonic mean of the averages.
	s := ScoreExtracts([]ExtractCounts{
		{TP: 1},              // perfect
		{FN: 1},              // nothing extracted: recall 0, no precision
		{TP: 0.5, FP: 0.5},   // precision 0.5, recall 1
		{TP: 0.25, FN: 0.75}, // precision 1, recall 0.25
	})
	wantP, wantR := (1+0.5+1)/3.0, (1+0+1+0.25)/4.0
	if math.Abs(s.Precision-wantP) > 1e-9 || math.Abs(s.Recall-wantR) > 1e-9 ||
		math.Abs(s.F1-2*wantP*wantR/(wantP+wantR)) > 1e-9 || s.Articles != 4 || s.Empty != 1 {
		t.Errorf("got %+v, want P %.4f R %.4f", s, wantP, wantR)
	}
	if s := ScoreExtracts(nil); s.F1 != 0 {
		t.Errorf("no articles: %+v", s)
	}
}

func TestExtract(t *testing.T) {
	body := strings.Repeat("The council voted on Wednesday to build a tram line linking the harbour with the campus. ", 5)
	page := `<html><head><title>Tram</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>` +
		`<article><h1>Tram</h1><p>` + body + `</p><p>Construction starts next spring and the first trams run in 2027, the mayor said on Wednesday.</p></article>` +
		`<footer>© 2024 Courier. All rights reserved.</footer></body></html>`
	line := func(v map[string]string) string {
		b, _ := json.Marshal(v)
		return string(b) + "\n"
	}
	in := line(map[string]string{"id": "a", "url": "https://example.com/a", "html": page, "body": body}) +
		"\n" +
		line(map[string]string{"id": "b", "url": "https://example.com/b", "html": "<html></html>", "teaser": "Kept teaser.", "body": "Kept teaser."})
	var out, report bytes.Buffer
	if err := Extract(strings.NewReader(in), &out, &report); err != nil {
		t.Fatal(err)
	}
	var rows []extractOut
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r extractOut
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if len(rows) != 2 || rows[0].ID != "a" || !strings.HasPrefix(rows[0].Text, "The council voted") || rows[0].Kept != "" ||
		strings.Contains(rows[0].Text, "rights") {
		t.Errorf("page a: %+v", rows)
	}
	if rows[1].Text != "Kept teaser." || rows[1].Kept == "" {
		t.Errorf("page b keeps its teaser: %+v", rows[1])
	}
	for _, want := range []string{"extract: precision ", " F1 ", "2 pages scored", "1 kept the teaser", " ms/page"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, report.String())
		}
	}
	if err := Extract(strings.NewReader(`{"url":"x"}`), &out, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("no id: %v", err)
	}
}
