package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/newsdigest/newsdigest/internal/quote"
)

type quoteArticle struct {
	ID     string       `json:"id"`
	Text   string       `json:"text"`
	Lang   string       `json:"lang"`   // ISO 639-1, optional: detected from the text when absent
	Quotes *[]GoldQuote `json:"quotes"` // gold, optional
}

// GoldQuote is one labelled quote; offsets are code points into the text.
type GoldQuote struct {
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Speaker string `json:"speaker"`
}

type quoteOut struct {
	ID     string      `json:"id"`
	Quotes []quoteSpan `json:"quotes"`
}

type quoteSpan struct {
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	Role    string `json:"role"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// QuoteScore counts how predicted quotes match gold ones.
type QuoteScore struct {
	Predicted, Right int // predictions, and those lying mostly in one gold quote
	Gold, Found      int // gold quotes, and those mostly covered by right predictions
	Named, Speakers  int // found gold quotes with a named speaker, and those whose speaker is right
}

// Add accumulates another article's counts.
func (s *QuoteScore) Add(o QuoteScore) {
	s.Predicted += o.Predicted
	s.Right += o.Right
	s.Gold += o.Gold
	s.Found += o.Found
	s.Named += o.Named
	s.Speakers += o.Speakers
}

// Precision is right predictions over predictions.
func (s QuoteScore) Precision() float64 { return ratio(s.Right, s.Predicted) }

// Recall is found gold quotes over gold quotes.
func (s QuoteScore) Recall() float64 { return ratio(s.Found, s.Gold) }

// F1 is the harmonic mean of precision and recall.
func (s QuoteScore) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// SpeakerAccuracy is the share of found, named gold quotes given the right
// speaker.
func (s QuoteScore) SpeakerAccuracy() float64 { return ratio(s.Speakers, s.Named) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Quotes reads JSON lines {"id","text","lang"?,...} from in, writes one line
// {"id","quotes":[{"text","speaker","role","start","end"}]} per article to
// out, and when the input carries gold "quotes" writes precision/recall/F1,
// speaker accuracy and counts to report.
func Quotes(in io.Reader, out, report io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	enc := json.NewEncoder(out)
	var total QuoteScore
	articles, labelled := 0, 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var a quoteArticle
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return fmt.Errorf("eval: line %d: %w", n, err)
		}
		if a.ID == "" {
			return fmt.Errorf("eval: line %d: want an id", n)
		}
		pred := quote.ExtractLang(a.Text, a.Lang)
		if err := enc.Encode(quoteOut{ID: a.ID, Quotes: spans(pred)}); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		articles++
		if a.Quotes != nil {
			labelled++
			total.Add(ScoreQuotes(a.Text, pred, *a.Quotes))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if labelled > 0 && report != nil {
		fmt.Fprintf(report, "quotes: precision %.4f recall %.4f F1 %.4f; speaker accuracy %.4f (%d of %d named)\n",
			total.Precision(), total.Recall(), total.F1(), total.SpeakerAccuracy(), total.Speakers, total.Named)
		fmt.Fprintf(report, "quotes: %d articles (%d labelled), %d predicted, %d right, %d gold, %d found\n",
			articles, labelled, total.Predicted, total.Right, total.Gold, total.Found)
	}
	return nil
}

func spans(qs []quote.Quote) []quoteSpan {
	out := make([]quoteSpan, len(qs))
	for i, q := range qs {
		out[i] = quoteSpan{Text: q.Text, Speaker: q.Speaker, Role: q.Role, Start: q.Start, End: q.End}
	}
	return out
}

// ScoreQuotes matches one article's predictions with its gold quotes by
// the words of their spans. A prediction is right when at least 60% of its
// words lie in one gold quote; a gold quote is found when right predictions
// cover at least half of its words. A found gold quote with a named speaker
// is credited when the prediction covering most of it has a speaker sharing
// a word with the gold one.
func ScoreQuotes(text string, pred []quote.Quote, gold []GoldQuote) QuoteScore {
	r := []rune(text)
	s := QuoteScore{Predicted: len(pred), Gold: len(gold)}
	var right []quote.Quote
	for _, p := range pred {
		ws := wordSpans(r, p.Start, p.End)
		for _, g := range gold {
			if len(ws) > 0 && 10*inside(ws, g.Start, g.End) >= 6*len(ws) {
				right = append(right, p)
				break
			}
		}
	}
	s.Right = len(right)
	for _, g := range gold {
		ws := wordSpans(r, g.Start, g.End)
		covered, best, bestN := 0, -1, 0
		for _, w := range ws {
			for _, p := range right {
				if p.Start <= w.start && w.end <= p.End {
					covered++
					break
				}
			}
		}
		if len(ws) == 0 || 2*covered < len(ws) {
			continue
		}
		s.Found++
		if !IsName(g.Speaker) {
			continue
		}
		s.Named++
		for i, p := range right {
			if n := inside(ws, p.Start, p.End); n > bestN {
				best, bestN = i, n
			}
		}
		if best >= 0 && SharesWord(right[best].Speaker, g.Speaker) {
			s.Speakers++
		}
	}
	return s
}

type wordSpan struct{ start, end int }

// wordSpans returns the runs of letters and digits in r[start:end].
func wordSpans(r []rune, start, end int) []wordSpan {
	start, end = max(start, 0), min(end, len(r))
	var ws []wordSpan
	for i := start; i < end; i++ {
		if !isWordRune(r[i]) {
			continue
		}
		j := i
		for j < end && isWordRune(r[j]) {
			j++
		}
		ws = append(ws, wordSpan{i, j})
		i = j
	}
	return ws
}

// inside counts the words lying within [start, end).
func inside(ws []wordSpan, start, end int) int {
	n := 0
	for _, w := range ws {
		if start <= w.start && w.end <= end {
			n++
		}
	}
	return n
}

func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// notNameWords open a speaker phrase that is not a name: a pronoun or a
// description ("he", "the newspaper", "a source").
var notNameWords = map[string]bool{
	"he": true, "she": true, "it": true, "they": true, "i": true, "we": true, "you": true,
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"his": true, "her": true, "their": true, "its": true, "our": true, "my": true,
	"one": true, "another": true, "some": true, "many": true, "several": true, "both": true,
}

// IsName reports whether a gold speaker is written as a name: it starts
// with a capital letter and is neither a pronoun nor a description.
func IsName(speaker string) bool {
	f := strings.Fields(speaker)
	if len(f) == 0 {
		return false
	}
	first := []rune(f[0])
	return unicode.IsUpper(first[0]) && !notNameWords[strings.ToLower(strings.Trim(f[0], ".,"))]
}

// honorifics are words two different people's names may share.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true,
	"jr": true, "sr": true, "the": true, "of": true,
}

// SharesWord reports whether two speaker names share a word, ignoring case
// and honorifics ("Mr. Trump" and "Donald Trump" do).
func SharesWord(a, b string) bool {
	seen := map[string]bool{}
	for _, w := range nameWords(a) {
		seen[w] = true
	}
	for _, w := range nameWords(b) {
		if seen[w] {
			return true
		}
	}
	return false
}

func nameWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(c rune) bool { return !isWordRune(c) }) {
		if !honorifics[w] {
			out = append(out, w)
		}
	}
	return out
}
