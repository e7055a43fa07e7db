package quote

import "unicode"

// markRole is what a quotation-mark rune does in the text.
type markRole uint8

const (
	notMark markRole = iota
	openMark
	closeMark
)

// rawQuote is one top-level quotation as delimited by its marks.
type rawQuote struct {
	open, close int    // offsets of the opening and the closing mark
	parts       []span // the words inside, one span per paragraph
}

// opened is a quotation mark waiting for its closing partner.
type opened struct {
	pos    int
	double bool
	mark   rune
}

// markScanner pairs quotation marks paragraph by paragraph. Pairs are only
// recorded once the top-level quotation closes, so an unbalanced mark never
// leaves half a quote behind.
type markScanner struct {
	r       []rune
	para    span
	stack   []opened
	pending []int // inner mark offsets of the current quote as open, close pairs; -1 for none
	cur     rawQuote
	from    int // start of the current part
	quotes  []rawQuote
	roles   map[int]markRole
	// topSingle lets a straight single mark open a quotation of its own,
	// as Turkish writers do ('…' dedi).
	topSingle bool
}

// scanQuotes finds the top-level quotations of a text and the role of every
// quotation mark that belongs to one. A quotation left open at the end of a
// paragraph continues when the next paragraph opens with the same mark
// again (the usual convention for long quotes) and is dropped otherwise.
func scanQuotes(r []rune, paras []span, topSingle bool) ([]rawQuote, map[int]markRole) {
	s := &markScanner{r: r, roles: map[int]markRole{}, topSingle: topSingle}
	continuing := false
	for i, p := range paras {
		s.para = p
		start := p.start
		if continuing {
			s.stack = []opened{{pos: s.cur.open, double: true, mark: r[s.cur.open]}}
			s.pending = append(s.pending, p.start, -1)
			s.from = p.start + 1
			start++
		}
		for j := start; j < p.end; j++ {
			s.step(j)
		}
		continuing = s.endParagraph(i+1 < len(paras) && sameFamily(r[s.cur.open], r[paras[i+1].start]))
	}
	return s.quotes, s.roles
}

// step handles the rune at offset i.
func (s *markScanner) step(i int) {
	c := s.r[i]
	prev, next := s.at(i-1), s.at(i+1)
	switch {
	case c == '«' && s.topIs('»'): // German »…«
		s.closeDouble(i)
	case c == '“' || c == '„' || c == '«':
		// After „ a “ closes even next to another mark: „… ‚…‘“.
		if s.topIsDouble() && canClose(prev, next) && (!canOpen(prev, next) || c == '“' && s.topIs('„')) {
			s.closeDouble(i)
			return
		}
		s.push(i, true)
	case c == '”' || c == '»':
		switch {
		case s.hasDouble():
			s.closeDouble(i)
		case c == '»' && canOpen(prev, next):
			s.push(i, true)
		}
	case c == '‹' || c == '›' || c == '‚':
		s.guillemet(i, c, prev, next)
	case c == '"':
		switch {
		case s.hasDouble() && canClose(prev, next):
			s.closeDouble(i)
		case canOpen(prev, next):
			s.push(i, true)
		case s.hasDouble():
			s.closeDouble(i)
		}
	case c == '‘' || c == '’' || c == '\'':
		s.single(i, c, prev, next)
	}
}

// single handles a single mark, which is often an apostrophe: "don’t",
// "Ukraine’s", "’90s". A straight one opens only a quote nested in a double
// quote: at the top level it is an apostrophe, or half of two apostrophes
// standing in for a double mark.
func (s *markScanner) single(i int, c, prev, next rune) {
	if isWordRune(prev) && isWordRune(next) {
		return
	}
	top := len(s.stack) > 0 && !s.stack[len(s.stack)-1].double
	switch {
	case top && canClose(prev, next) && (c != '‘' || !canOpen(prev, next)):
		s.closeSingle(i)
	case c == '‘' || c == '\'' && (s.hasDouble() || s.topSingle) && next != '\'' && prev != '\'':
		if canOpen(prev, next) && !unicode.IsDigit(next) {
			s.push(i, false)
		}
	}
}

// guillemet handles the single guillemets and the German low single mark:
// ‹…› (French, with spaces inside), ›…‹ (German) and ‚…‘.
func (s *markScanner) guillemet(i int, c, prev, next rune) {
	switch {
	case c == '‹' && s.topIs('›'), c == '›' && s.topIs('‹'):
		s.closeSingle(i)
	case c == '‹':
		s.push(i, false)
	case canOpen(prev, next):
		s.push(i, false)
	}
}

// topIs reports whether the innermost open quotation opened with mark.
func (s *markScanner) topIs(mark rune) bool {
	return len(s.stack) > 0 && s.stack[len(s.stack)-1].mark == mark
}

func (s *markScanner) push(i int, double bool) {
	if len(s.stack) == 0 {
		s.cur = rawQuote{open: i}
		s.pending = s.pending[:0]
		s.from = i + 1
	}
	s.stack = append(s.stack, opened{pos: i, double: double, mark: s.r[i]})
}

func (s *markScanner) hasDouble() bool {
	for _, o := range s.stack {
		if o.double {
			return true
		}
	}
	return false
}

func (s *markScanner) topIsDouble() bool {
	return len(s.stack) > 0 && s.stack[len(s.stack)-1].double
}

// closeDouble closes the innermost open double mark; single marks opened
// inside it and never closed were apostrophes after all.
func (s *markScanner) closeDouble(i int) {
	k := len(s.stack) - 1
	for !s.stack[k].double {
		k--
	}
	s.pop(k, i)
}

func (s *markScanner) closeSingle(i int) {
	s.pop(len(s.stack)-1, i)
}

// pop closes the mark at stack index k with the mark at offset i.
func (s *markScanner) pop(k, i int) {
	open := s.stack[k].pos
	s.stack = s.stack[:k]
	if k > 0 {
		s.pending = append(s.pending, open, i)
		return
	}
	s.cur.close = i
	s.cur.parts = append(s.cur.parts, span{s.from, i})
	s.roles[s.cur.open] = openMark
	s.roles[i] = closeMark
	for j := 0; j+1 < len(s.pending); j += 2 {
		s.roles[s.pending[j]] = openMark
		if s.pending[j+1] >= 0 {
			s.roles[s.pending[j+1]] = closeMark
		}
	}
	s.quotes = append(s.quotes, s.cur)
}

// endParagraph finishes a paragraph and reports whether an open top-level
// double quotation continues into the next one.
func (s *markScanner) endParagraph(nextOpens bool) bool {
	open := len(s.stack) > 0 && s.stack[0].double && s.stack[0].pos == s.cur.open
	s.stack = s.stack[:0]
	if !open || !nextOpens {
		return false
	}
	s.cur.parts = append(s.cur.parts, span{s.from, s.para.end})
	return true
}

// at returns the rune at offset i inside the current paragraph, or a space.
func (s *markScanner) at(i int) rune {
	if i < s.para.start || i >= s.para.end {
		return ' '
	}
	return s.r[i]
}

// canOpen reports whether a mark between prev and next can open a quote:
// it follows a boundary and touches a word on its right.
func canOpen(prev, next rune) bool {
	return !unicode.IsSpace(next) && (unicode.IsSpace(prev) || isQuoteRune(prev) ||
		isDash(prev) || prev == '(' || prev == '[' || prev == '/' || prev == '{')
}

// canClose reports whether a mark between prev and next can close a quote.
func canClose(prev, next rune) bool {
	return !unicode.IsSpace(prev) && (unicode.IsSpace(next) || unicode.IsPunct(next) ||
		isQuoteRune(next) || isDash(next))
}

// sameFamily reports whether next can reopen a quotation opened with open
// at the start of a following paragraph: writers repeat the same mark.
func sameFamily(open, next rune) bool {
	switch open {
	case '“', '„':
		return next == '“' || next == '„'
	case '"', '«', '»':
		return next == open
	}
	return false
}

func isQuoteRune(c rune) bool {
	switch c {
	case '"', '\'', '“', '”', '„', '«', '»', '‘', '’', '‹', '›', '‚':
		return true
	}
	return false
}

func isDash(c rune) bool {
	return c == '-' || c == '–' || c == '—' || c == '―' || c == '‒'
}

func isWordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c)
}
