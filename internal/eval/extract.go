package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/newsdigest/newsdigest/internal/extract"
)

type extractIn struct {
	ID     string  `json:"id"`
	URL    string  `json:"url"`
	HTML   string  `json:"html"`
	Title  string  `json:"title"`
	Teaser string  `json:"teaser"`
	Body   *string `json:"body"` // gold, optional
}

type extractOut struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Kept string `json:"kept,omitempty"` // why the teaser was kept instead
}

// ExtractScore is the article-extraction benchmark's score: precision and
// recall of 4-word shingles, averaged over articles.
type ExtractScore struct {
	Precision, Recall, F1 float64
	Articles              int // scored articles (those with a gold body)
	Empty                 int // scored articles with no extracted text
}

// ExtractCounts is one article's shingle counts, normalised to sum to 1.
type ExtractCounts struct{ TP, FP, FN float64 }

// maxExtractLine bounds one JSON line: a whole saved page.
const maxExtractLine = 128 << 20

// Extract reads JSON lines {"id","url","html"} (optional "title", "teaser"
// and gold "body") from in, extracts each page's article text exactly as
// the service does (extract.Article with the feed's hints), writes
// {"id","text"} per page to out ("kept" says why the teaser was kept
// instead, and "text" is then the teaser), and writes to report the time
// per page and, when pages carry a gold "body", the benchmark's
// precision/recall/F1 (ScoreExtracts).
func Extract(in io.Reader, out, report io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), maxExtractLine)
	enc := json.NewEncoder(out)
	var counts []ExtractCounts
	var spent time.Duration
	pages, kept := 0, 0
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var a extractIn
		if err := json.Unmarshal(line, &a); err != nil {
			return fmt.Errorf("eval: line %d: %w", n, err)
		}
		if a.ID == "" {
			return fmt.Errorf("eval: line %d: want an id", n)
		}
		start := time.Now()
		r := extract.Article([]byte(a.HTML), a.URL, extract.Hints{Title: a.Title, Teaser: a.Teaser})
		spent += time.Since(start)
		pages++
		text := r.Text
		if r.Kept != "" {
			kept++
			text = a.Teaser
		}
		if err := enc.Encode(extractOut{ID: a.ID, Text: text, Kept: r.Kept}); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if a.Body != nil {
			counts = append(counts, ScoreExtract(*a.Body, text))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if report == nil || pages == 0 {
		return nil
	}
	if len(counts) > 0 {
		s := ScoreExtracts(counts)
		fmt.Fprintf(report, "extract: precision %.4f recall %.4f F1 %.4f (%d pages scored, %d with no text)\n",
			s.Precision, s.Recall, s.F1, s.Articles, s.Empty)
	}
	fmt.Fprintf(report, "extract: %d pages, %d kept the teaser, %.1f ms/page\n",
		pages, kept, float64(spent.Microseconds())/1000/float64(pages))
	return nil
}

// ScoreExtract counts the 4-word shingles of one extracted text against
// its gold body as the article-extraction benchmark does: words are runs of
// \w (letters, numbers, "_"), shingles are compared as multisets, and the
// counts are normalised to sum to 1 (all zero when both texts are empty).
func ScoreExtract(gold, pred string) ExtractCounts {
	g, p := shingles(gold), shingles(pred)
	var tp, fp, fn int
	for s, n := range p {
		m := g[s]
		tp += min(n, m)
		fp += max(n-m, 0)
	}
	for s, m := range g {
		fn += max(m-p[s], 0)
	}
	total := float64(tp + fp + fn)
	if total == 0 {
		return ExtractCounts{}
	}
	return ExtractCounts{float64(tp) / total, float64(fp) / total, float64(fn) / total}
}

// ScoreExtracts averages per-article counts: precision over the articles
// with TP+FP > 0, recall over those with TP+FN > 0, and F1 as the harmonic
// mean of the two averages.
func ScoreExtracts(counts []ExtractCounts) ExtractScore {
	s := ExtractScore{Articles: len(counts)}
	var p, r float64
	np, nr := 0, 0
	for _, c := range counts {
		if c.TP+c.FP > 0 {
			p += c.TP / (c.TP + c.FP)
			np++
		} else {
			s.Empty++
		}
		if c.TP+c.FN > 0 {
			r += c.TP / (c.TP + c.FN)
			nr++
		}
	}
	if np > 0 {
		s.Precision = p / float64(np)
	}
	if nr > 0 {
		s.Recall = r / float64(nr)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// shingles returns the multiset of 4-word shingles of s; a text of fewer
// than 4 words is one shingle of all its words, an empty one none.
func shingles(s string) map[string]int {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_'
	})
	out := map[string]int{}
	if len(words) == 0 {
		return out
	}
	for i := 0; i < max(1, len(words)-3); i++ {
		out[strings.Join(words[i:min(i+4, len(words))], " ")]++
	}
	return out
}
