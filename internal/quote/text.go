package quote

import (
	"sort"
	"strings"
	"unicode"
)

// span is a half-open range of code-point offsets.
type span struct{ start, end int }

type tokKind uint8

const (
	tWord tokKind = iota
	tPunct
	tOpen  // an opening quotation mark
	tClose // a closing quotation mark
)

// token is a word, a punctuation rune or a quotation mark.
type token struct {
	start, end int
	text       string
	low        string // lowercase text, without a possessive "'s"
	kind       tokKind
	para       int
	abbrev     bool // a word ending with an abbreviation period ("Sen.")
	possessive bool // a word ending with "'s" or "’s"
}

// doc is an article prepared for extraction.
type doc struct {
	r         []rune
	paras     []span
	toks      []token
	paraFirst []int // index of each paragraph's first token, then len(toks)
	quotes    []rawQuote
	lx        *lexicon // the article's language; nil for English
}

func newDoc(text string, lx *lexicon) *doc {
	d := &doc{r: []rune(text), lx: lx}
	d.paras = paragraphs(d.r)
	var roles map[int]markRole
	d.quotes, roles = scanQuotes(d.r, d.paras, lx != nil && lx.singleQuotes)
	d.toks = tokenize(d.r, d.paras, roles)
	d.paraFirst = make([]int, len(d.paras)+1)
	for i := range d.paras {
		d.paraFirst[i] = d.tokenAt(d.paras[i].start)
	}
	d.paraFirst[len(d.paras)] = len(d.toks)
	return d
}

// paragraphs splits text into its non-blank lines, trimmed.
func paragraphs(r []rune) []span {
	var ps []span
	start := 0
	for i := 0; i <= len(r); i++ {
		if i < len(r) && r[i] != '\n' {
			continue
		}
		s, e := start, i
		for s < e && unicode.IsSpace(r[s]) {
			s++
		}
		for e > s && unicode.IsSpace(r[e-1]) {
			e--
		}
		if s < e {
			ps = append(ps, span{s, e})
		}
		start = i + 1
	}
	return ps
}

// tokenize splits each paragraph into tokens.
func tokenize(r []rune, paras []span, roles map[int]markRole) []token {
	toks := make([]token, 0, len(r)/4)
	for pi, p := range paras {
		for i := p.start; i < p.end; {
			c := r[i]
			switch {
			case unicode.IsSpace(c):
				i++
				continue
			case roles[i] == openMark || roles[i] == closeMark:
				kind := tOpen
				if roles[i] == closeMark {
					kind = tClose
				}
				toks = append(toks, token{start: i, end: i + 1, text: string(c), kind: kind, para: pi})
				i++
				continue
			case isWordRune(c):
				t := scanWord(r, i, p.end, roles)
				t.para = pi
				toks = append(toks, t)
				i = t.end
				continue
			}
			toks = append(toks, token{start: i, end: i + 1, text: string(c), low: string(c), kind: tPunct, para: pi})
			i++
		}
	}
	return toks
}

// scanWord reads the word starting at i. Apostrophes, hyphens, periods and
// ampersands join a word when a letter or digit follows ("don’t", "U.S",
// "al-Assad"), commas join digits ("20,000"); a period after an
// abbreviation or an initial is kept.
func scanWord(r []rune, i, end int, roles map[int]markRole) token {
	j := i + 1
	for j < end {
		c := r[j]
		if isWordRune(c) || unicode.Is(unicode.Mn, c) {
			j++
			continue
		}
		joins := c == '\'' || c == '’' || c == '-' || c == '.' || c == '&' ||
			c == ',' && unicode.IsDigit(r[j-1]) // 20,000
		if joins && roles[j] == notMark && j+1 < end && isWordRune(r[j+1]) && (c != ',' || unicode.IsDigit(r[j+1])) {
			j += 2
			continue
		}
		break
	}
	t := token{start: i, end: j, kind: tWord}
	word := string(r[i:j])
	low := strings.ToLower(word)
	if j < end && r[j] == '.' && (abbreviations[low] || isInitial(word) || strings.Contains(word, ".") || midSentence(r, j+1, end)) {
		t.end = j + 1
		t.abbrev = true
	}
	t.text = string(r[t.start:t.end])
	for _, suffix := range []string{"'s", "’s"} {
		if strings.HasSuffix(low, suffix) {
			low = strings.TrimSuffix(low, suffix)
			t.possessive = true
		}
	}
	t.low = low
	return t
}

// midSentence reports whether the text at i continues a sentence after a
// period, which then ends an abbreviation: "(D-Md.) said", "R-Ky., said".
func midSentence(r []rune, i, end int) bool {
	for i < end && r[i] == ' ' {
		i++
	}
	return i < end && (unicode.IsLower(r[i]) || r[i] == ',' || r[i] == ')' || r[i] == ';')
}

// isInitial reports whether w is a single capital letter, as in "J."
func isInitial(w string) bool {
	rs := []rune(w)
	return len(rs) == 1 && unicode.IsUpper(rs[0])
}

// tokenAt returns the index of the first token starting at or after offset.
func (d *doc) tokenAt(offset int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].start >= offset })
}

// paraEnd returns the index just past the last token of token i's paragraph.
func (d *doc) paraEnd(i int) int {
	if i >= len(d.toks) {
		return len(d.toks)
	}
	return d.paraFirst[d.toks[i].para+1]
}

// paraStart returns the index of the first token of token i's paragraph.
func (d *doc) paraStart(i int) int {
	if i >= len(d.toks) {
		return len(d.toks)
	}
	return d.paraFirst[d.toks[i].para]
}

// wordBefore returns the lowercase word just before token i in its
// paragraph, or "".
func (d *doc) wordBefore(i int) string {
	if i == 0 || i >= len(d.toks) || d.toks[i-1].para != d.toks[i].para || d.toks[i-1].kind != tWord {
		return ""
	}
	return d.toks[i-1].low
}

// quoted reports whether offset lies inside a quotation, marks included.
func (d *doc) quoted(offset int) bool {
	k := sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].open > offset })
	return k > 0 && offset <= d.quotes[k-1].close
}

// isCap reports whether a word token starts with a capital letter.
func (t token) isCap() bool {
	if t.kind != tWord {
		return false
	}
	for _, c := range t.text {
		return unicode.IsUpper(c)
	}
	return false
}

// isSentenceEnd reports whether a token ends a sentence.
func (t token) isSentenceEnd() bool {
	return t.kind == tPunct && (t.text == "." || t.text == "?" || t.text == "!" || t.text == "…")
}

// isClauseEnd reports whether a token ends a clause or a sentence.
func (t token) isClauseEnd() bool {
	return t.isSentenceEnd() || t.kind == tPunct && t.text == ";"
}

// words returns the text of tokens joined with single spaces, keeping
// punctuation attached to its word.
func words(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.start > toks[i-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// normalizeSpace collapses runs of white space into single spaces.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
