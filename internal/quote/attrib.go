package quote

import (
	"sort"
	"strings"
	"unicode"
)

// via says how a quote's speaker was found.
type via uint8

const (
	viaNone           via = iota
	viaAfter              // "…," said Rutte. / "…," Rutte said.
	viaBefore             // Rutte said: "…" / According to Rutte, "…"
	viaColon              // a paragraph ending "Rutte responded:" before the quote's paragraph
	viaSentenceBefore     // "Rutte said in a statement." just before the quote
	viaLabel              // Quote: "…" with the speaker on a nearby Source: line
	viaNameLine           // a pull quote followed by the speaker's name and title lines
)

// candidate is a quote on its way to becoming a Quote.
type candidate struct {
	parts       []span
	open, close int // the outer quotation marks; -1 when the quote has none
	para        int
	ref         ref
	via         via
	fragment    bool // continues the writer's sentence; kept only as the end of an interrupted quote
}

// candidates returns the direct quotations of the text with the phrase
// that attributes each, in text order.
func (d *doc) candidates() []candidate {
	var out []candidate
	for _, q := range d.quotes {
		open := d.tokenAt(q.open)
		if !d.isDirect(open) && !(d.lx != nil && d.lx.verbFinal && d.speechFollows(q)) || d.isHeading(q) {
			continue
		}
		c := candidate{parts: q.parts, open: q.open, close: q.close, para: d.toks[open].para}
		c.ref, c.via = d.attribute(q, open)
		// A Turkish quote may open in lowercase after the speaker's comma:
		// Rutte, "hazırız" dedi.
		c.fragment = d.continuesSentence(open) && !d.introducedBefore(open) &&
			!(d.lx != nil && d.lx.verbFinal && c.via == viaAfter)
		if d.lx != nil && d.lx.dashQuotes {
			d.splitInner(&c)
		}
		out = append(out, c)
	}
	return out
}

// isDirect reports whether the quotation opening at token i stands as
// speech of its own rather than as a phrase inside the writer's sentence
// ("called it a “strong deal”"). A direct quote starts a paragraph or a
// sentence, follows a colon or a comma, or follows a speech verb.
func (d *doc) isDirect(i int) bool {
	if i == d.paraStart(i) {
		return true
	}
	p := d.toks[i-1]
	switch {
	case p.kind == tClose, p.abbrev: // `…, S.C. "It seems …"`
		return true
	case p.kind == tPunct:
		return strings.Contains(".?!…:;,", p.text) || d.lx != nil && isDash([]rune(p.text)[0])
	case d.lx != nil:
		w := d.sentenceBefore(i)
		return d.lx.verbs[p.low] || len(w) > 0 && d.lx.frameAt(w) > 0 // Laut Rutte „…“
	}
	return isSpeechVerb(p.low) && !p.isCap() && !takesObject[p.low] && !passiveMarkers[d.wordBefore(i-1)]
}

// continuesSentence reports whether the quotation opening at token i
// carries on the writer's sentence after a comma: it starts in lowercase
// ("if he wants our guns, “come and take it”"). Such a quote is direct only
// when a speech verb right before it introduces it.
func (d *doc) continuesSentence(i int) bool {
	if i == d.paraStart(i) || d.toks[i-1].text != "," || i+1 >= len(d.toks) {
		return false
	}
	next := d.toks[i+1]
	return next.para == d.toks[i].para && next.kind == tWord && !next.isCap() && !unicode.IsDigit([]rune(next.text)[0])
}

// introducedBefore reports whether the clause just before token open ends
// with a speech verb or is "according to X": `Rutte said, “we …”`.
func (d *doc) introducedBefore(open int) bool {
	if d.lx != nil {
		return d.beforeIntl(open).kind != refNone
	}
	clauses, _ := d.clausesBefore(open)
	if len(clauses) == 0 {
		return false
	}
	last := clauses[len(clauses)-1]
	if len(last) > 1 && last[0].low == "according" && last[1].low == "to" {
		return true
	}
	last = trimSkippable(last)
	return len(last) > 0 && speechVerb(last[len(last)-1:], 1, false) == 0
}

// isHeading reports whether a quotation is a subhead: a paragraph that is
// nothing but a quoted phrase in capitals.
func (d *doc) isHeading(q rawQuote) bool {
	if len(q.parts) != 1 {
		return false
	}
	open := d.tokenAt(q.open)
	if open != d.paraStart(open) {
		return false
	}
	for _, t := range d.toks[d.tokenAt(q.close)+1 : d.paraEnd(open)] {
		if t.kind != tPunct {
			return false
		}
	}
	inner := string(d.r[q.parts[0].start:q.parts[0].end])
	return strings.ToUpper(inner) == inner && strings.IndexFunc(inner, unicode.IsLetter) >= 0
}

// attribute finds the phrase naming the speaker of a quotation whose
// opening mark is token open: after the quote, before it in the same
// sentence, or in a previous paragraph that ends with a colon.
func (d *doc) attribute(q rawQuote, open int) (ref, via) {
	if d.lx != nil {
		return d.attributeIntl(q, open)
	}
	if r := d.attributionAfter(q); r.kind != refNone {
		// `McCaskill scolded him: “…,” she said.`: the name is better.
		if before := d.attributionBefore(open); r.kind == refPronoun && before.kind == refName {
			r = before
		}
		return r, viaAfter
	}
	if r := d.attributionBefore(open); r.kind != refNone {
		return r, viaBefore
	}
	if open == 0 {
		return ref{}, viaNone
	}
	prev := d.toks[open-1]
	if open == d.paraStart(open) && prev.text == ":" {
		if r := d.attributionBefore(open - 1); r.kind != refNone {
			return r, viaColon
		}
	}
	// `Sam Lau said in a statement. “There are no ballots …”`
	if prev.isSentenceEnd() && !d.sentenceHasQuote(open-1) {
		if r := d.attributionBefore(open - 1); r.kind != refNone {
			return r, viaSentenceBefore
		}
	}
	return ref{}, viaNone
}

// sentenceHasQuote reports whether the sentence ending at token end holds
// a quotation mark.
func (d *doc) sentenceHasQuote(end int) bool {
	for k := end - 1; k >= d.paraStart(end) && end-k < maxSentence && !d.toks[k].isClauseEnd(); k-- {
		if d.toks[k].kind == tOpen || d.toks[k].kind == tClose {
			return true
		}
	}
	return false
}

// attributionAfter reads the clause after a quotation's closing mark:
// `, said Mark Rutte`, `Rutte said`, `the NATO chief stressed`, `— Rutte`,
// `according to Rutte`.
func (d *doc) attributionAfter(q rawQuote) ref {
	i := d.tokenAt(q.close) + 1
	if i >= len(d.toks) || d.toks[i].para != d.toks[i-1].para {
		return ref{}
	}
	end := i
	for end < d.paraEnd(i) && end-i < 30 && d.toks[end].kind != tOpen && !d.toks[end].isClauseEnd() {
		end++
	}
	w := d.toks[i:end]
	for len(w) > 0 && w[0].text == "," {
		w = w[1:]
	}
	switch {
	case len(w) == 0:
		return ref{}
	case w[0].kind == tPunct && isDash([]rune(w[0].text)[0]):
		r := parseNP(nounPhrase(w[1:]))
		if r.kind == refName || r.kind == refOrg {
			return r
		}
		return ref{}
	case len(w) > 1 && w[0].low == "according" && w[1].low == "to":
		return parseNP(nounPhrase(w[2:]))
	}
	v := speechVerb(w, 20, false)
	if v < 0 {
		return ref{}
	}
	// After a finished sentence, a capitalised clause attributes this quote
	// only if its subject is short and it does not lead into the next quote
	// (`“…?” He answered, “…”`).
	if w[0].isCap() && endsSentence(d.r, q) && (!shortSubject(w[:v]) || end < len(d.toks) && d.toks[end].kind == tOpen) {
		return ref{}
	}
	subject := trimSkippable(w[:v])
	if len(subject) > 0 {
		r := subjectNP(splitClauses(subject))
		if r.kind == refName || r.kind == refPronoun || r.kind == refOrg || !isPause(subject[len(subject)-1]) {
			return r
		}
	}
	return invertedNP(w[v+1:]) // `said Mark Rutte, the NATO chief`; `…” about X, said Y`
}

// shortSubject reports whether tokens are a bare subject of a few words,
// perhaps with appositives: "Trump", "Miller, a retired worker,", but not
// "Reluctantly, Brafman".
func shortSubject(w []token) bool {
	clauses := splitClauses(trimSkippable(w))
	if len(clauses[0]) > 4 {
		return false
	}
	for _, c := range clauses[1:] {
		if !determiners[c[0].low] && !unicode.IsDigit([]rune(c[0].text)[0]) && !roleNouns[c[0].low] {
			return false
		}
	}
	return true
}

// invertedNP reads the speaker after an inverted speech verb, with the
// role an appositive gives: "Mark Rutte, the NATO chief".
func invertedNP(w []token) ref {
	np := nounPhrase(w)
	r := parseNP(np)
	if r.role == "" {
		r.role = appositiveRole(w[len(np):])
	}
	return r
}

// subjectNP reads the subject of a speech verb from the clauses before it:
// the first clause with an appositive after it ("Butz, 49,", "Jon Smith,
// the mayor,"), else the clause next to the verb ("…” the dawn of the
// movement, Bozell says").
func subjectNP(clauses [][]token) ref {
	r := parseNP(clauses[0])
	if len(clauses) == 1 {
		return r
	}
	if r.kind == refName || r.kind == refPronoun || r.kind == refOrg {
		if r.role == "" {
			r.role = appositiveRole(clauses[1])
		}
		return r
	}
	if near := parseNP(clauses[len(clauses)-1]); near.kind != refNone {
		return near
	}
	return r
}

// attributionBefore reads the sentence that ends just before token end (a
// quote's opening mark, or a paragraph's closing colon): `Rutte said:`,
// `he concluded,`, `According to Rutte,`, `the Secretary General:`,
// `Said Comey,`, `Trump hit back, saying`.
func (d *doc) attributionBefore(end int) ref {
	clauses, colon := d.clausesBefore(end)
	if len(clauses) == 0 {
		return ref{}
	}
	if c := clauses[0]; c[0].isCap() && isSpeechVerb(c[0].low) {
		if r := parseNP(nounPhrase(c[1:])); r.kind != refNone {
			if len(clauses) > 1 {
				r.role = appositiveRole(clauses[1])
			}
			return r
		}
	}
	last := clauses[len(clauses)-1]
	if len(last) > 2 && last[0].low == "according" && last[1].low == "to" {
		return parseNP(nounPhrase(last[2:]))
	}
	if v := speechVerb(last, len(last), true); v >= 0 {
		subject := trimSkippable(last[:v])
		if r := parseNP(tailNP(subject)); r.kind != refNone {
			return r
		}
		// `Trump … and said`, `…, saying`: the verb shares the subject of
		// its clause or sentence.
		rest := append(clauses[:len(clauses)-1:len(clauses)-1], subject)
		return subjectOfClauses(rest)
	}
	if !colon {
		return ref{}
	}
	return subjectOfClauses(clauses)
}

// clausesBefore returns the sentence that ends just before token end, split
// into clauses at commas and dashes, and whether it ends with a colon. A
// quotation inside the sentence that does not end it is skipped and splits
// clauses too (`Kerpen needled the “reporter,” saying`).
func (d *doc) clausesBefore(end int) ([][]token, bool) {
	if end == 0 || end > len(d.toks) || d.paraStart(end-1) >= end {
		return nil, false
	}
	first := d.paraStart(end - 1)
	k, colon := end, false
	for k > first && isPause(d.toks[k-1]) {
		colon = colon || d.toks[k-1].text == ":"
		k--
	}
	var clauses [][]token
	add := func(from, to int) {
		if from < to {
			clauses = append([][]token{d.toks[from:to]}, clauses...)
		}
	}
	j := k
	for k > first && end-k < maxSentence {
		t := d.toks[k-1]
		if t.isClauseEnd() {
			break
		}
		switch {
		case t.kind == tClose:
			q, ok := d.quoteClosedAt(t.start)
			if !ok || endsSentence(d.r, q) {
				add(k, j)
				return clauses, colon
			}
			add(k, j)
			k = d.tokenAt(q.open)
			j = k
			continue
		case isPause(t):
			add(k, j)
			j = k - 1
		}
		k--
	}
	add(k, j)
	return clauses, colon
}

// maxSentence bounds how far back a sentence is read, in tokens, keeping
// extraction linear on run-on text.
const maxSentence = 80

// quoteClosedAt returns the top-level quotation whose closing mark is at
// offset.
func (d *doc) quoteClosedAt(offset int) (rawQuote, bool) {
	k := sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].close >= offset })
	if k < len(d.quotes) && d.quotes[k].close == offset {
		return d.quotes[k], true
	}
	return rawQuote{}, false
}

// isPause reports whether a token separates clauses inside a sentence.
func isPause(t token) bool {
	return t.kind == tPunct && (t.text == "," || t.text == ":" || isDash([]rune(t.text)[0]))
}

// subjectOfClauses finds who speaks in clauses that precede a quote
// without naming the speaker next to the verb: a clause that is a name
// (`Bill Smith, the mayor, said`), or the noun phrase opening a clause
// (`Trump hit back, saying`; `President Obama has a message:`). A
// description is the last resort (`When asked, the Secretary General:`).
func subjectOfClauses(clauses [][]token) ref {
	var desc ref
	for k := len(clauses) - 1; k >= 0; k-- {
		r := parseNP(clauses[k])
		switch {
		case r.kind == refOrg && len(r.name) > 4: // a headline in title case
		case r.kind == refName, r.kind == refPronoun, r.kind == refOrg:
			if r.role == "" {
				r.role = desc.role
			}
			return r
		case r.kind == refDesc:
			if desc.kind == refNone {
				desc = r
			}
			continue
		}
		np := leadingNP(clauses[k])
		r = parseNP(np)
		if r.kind == refName || r.kind == refPronoun {
			// Followed by a verb, it is the clause's subject; otherwise
			// only a known person is trusted.
			rest := clauses[k][len(np):]
			r.weak = len(rest) == 0 || rest[0].kind != tWord || rest[0].isCap() || !isVerbish(rest[0].low)
			return r
		}
	}
	return desc
}

// speechVerb returns the index of the first (or, with last, the final)
// active speech verb among the first limit tokens, or -1.
func speechVerb(w []token, limit int, last bool) int {
	found := -1
	for k := 0; k < len(w) && k < limit; k++ {
		t := w[k]
		if t.kind != tWord || t.isCap() || !isSpeechVerb(t.low) && !(k+1 < len(w) && phrasalSpeech[t.low] == w[k+1].low) {
			continue
		}
		if k > 0 && passiveMarkers[w[k-1].low] && !(w[k-1].low == "to" && k > 1 && w[k-2].low == "on") { // "went on to say"
			continue
		}
		found = k
		if !last {
			return k
		}
	}
	return found
}

// splitClauses splits tokens at commas and dashes.
func splitClauses(w []token) [][]token {
	var out [][]token
	from := 0
	for k, t := range w {
		if isPause(t) {
			if k > from {
				out = append(out, w[from:k])
			}
			from = k + 1
		}
	}
	if from < len(w) || len(out) == 0 {
		out = append(out, w[from:])
	}
	return out
}

// splitComma splits a subject at its first comma into the noun phrase and
// what follows it (an appositive such as ", 49," or ", the mayor,").
func splitComma(w []token) (np, rest []token) {
	for k, t := range w {
		if t.text == "," {
			return w[:k], w[k:]
		}
	}
	return w, nil
}

// trimSkippable drops adverbs, auxiliaries and times that end a subject
// ("Rutte also", "he has", "Priebus later Thursday").
func trimSkippable(w []token) []token {
	for len(w) > 0 {
		t := w[len(w)-1]
		if t.kind != tWord || !skippable[t.low] && !isAdverb(t) && !timeWords[t.low] {
			break
		}
		w = w[:len(w)-1]
	}
	return w
}

func isAdverb(t token) bool {
	return !t.isCap() && strings.HasSuffix(t.low, "ly") && len(t.low) > 4
}

// nounPhrase returns the noun phrase that starts w: words up to punctuation
// or a function word, with a parenthesis skipped ("Gov. Mike Pence (R-IN)").
func nounPhrase(w []token) []token {
	k := 0
	for k < len(w) {
		t := w[k]
		if t.kind == tPunct && t.text == "(" {
			for k < len(w) && w[k].text != ")" {
				k++
			}
			k++
			continue
		}
		if t.kind != tWord || isVerbForm(t.low) && !t.isCap() || k > 0 && t.isCap() && capitalStops[t.low] {
			break
		}
		if clauseStops[t.low] && !t.isCap() && !(t.low == "of" && k+1 < len(w) && w[k+1].isCap()) {
			break
		}
		k++
	}
	if k > len(w) {
		k = len(w)
	}
	return w[:k]
}

// tailNP returns the noun phrase that ends w, read backwards to a function
// word: "Hillary Clinton" in "The ad uses footage of Hillary Clinton". A
// phrase after a preposition other than "of" is an object, not a subject
// ("posted a message on Twitter reading"), and gives nothing.
func tailNP(w []token) []token {
	k := len(w)
	for k > 0 {
		t := w[k-1]
		if t.kind == tPunct && t.text == ")" {
			for k > 0 && w[k-1].text != "(" {
				k--
			}
			k--
			continue
		}
		if t.kind != tWord || !t.isCap() && (clauseStops[t.low] || auxiliaries[t.low] || isVerbForm(t.low)) {
			if t.low == "of" && k < len(w) && w[k].isCap() && k > 1 && w[k-2].isCap() {
				k--
				continue
			}
			break
		}
		k--
	}
	if k < 0 {
		k = 0
	}
	if k > 0 && prepositions[w[k-1].low] {
		return nil
	}
	return w[k:]
}

// leadingNP returns the noun phrase that opens a clause, after any
// conjunction or adverb: determiners, role words and capitalised names
// ("Rival Hillary Clinton", "And then Trump").
func leadingNP(w []token) []token {
	k := 0
	for k < len(w) && k < 3 && w[k].kind == tWord && pronounGender[w[k].low] == unknown &&
		(capitalStops[w[k].low] || clauseStops[w[k].low] || skippable[w[k].low]) {
		k++
	}
	w = w[k:]
	k = 0
	for k < len(w) && k < 8 {
		t := w[k]
		switch {
		case t.isCap():
			k = chainEnd(w, k, len(w))
			if w[k-1].possessive {
				return w[:k]
			}
			continue
		case t.kind == tWord && pronounGender[t.low] != unknown:
			return w[:k+1]
		case t.kind == tWord && (determiners[t.low] || roleNouns[t.low] || roleModifiers[t.low]):
			k++
			continue
		}
		break
	}
	return w[:k]
}

// appositiveRole reads a role from an appositive after a name: ", a Middle
// East analyst with the Center" gives "Middle East analyst".
func appositiveRole(w []token) string {
	if len(w) > 0 && w[0].text == "," {
		w = w[1:]
	}
	if len(w) == 0 {
		return ""
	}
	if determiners[w[0].low] {
		w = w[1:]
	}
	k := 0
	for k < len(w) && k < 8 && w[k].kind == tWord && !(clauseStops[w[k].low] && w[k].low != "of") && !isVerbForm(w[k].low) {
		k++
	}
	w = w[:k]
	if len(w) == 0 || !roleNouns[w[len(w)-1].low] && !w[len(w)-1].isCap() {
		return ""
	}
	return words(w)
}

// endsSentence reports whether a quotation's words end with a full stop,
// question or exclamation mark, so that what follows may be a new sentence.
func endsSentence(r []rune, q rawQuote) bool {
	p := q.parts[len(q.parts)-1]
	for i := p.end - 1; i >= p.start; i-- {
		if unicode.IsSpace(r[i]) || isQuoteRune(r[i]) {
			continue
		}
		return r[i] == '.' || r[i] == '?' || r[i] == '!' || r[i] == '…'
	}
	return false
}
