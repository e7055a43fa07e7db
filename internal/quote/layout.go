package quote

// addLayoutQuotes applies the attributions that the layout of an article
// makes rather than its sentences: a "Quote:" line whose speaker is named
// on a "Source:" line nearby, and a pull quote (a paragraph of speech,
// often without marks) followed by the speaker's name and title on lines of
// their own.
func (d *doc) addLayoutQuotes(cs []candidate, reg *registry) []candidate {
	filled := map[int]int{} // paragraph → candidate that opens it, after any label
	for i, c := range cs {
		first := d.paraFirst[c.para]
		if d.label(c.para) != "" {
			first += 2
		}
		if c.open == d.toks[first].start {
			filled[c.para] = i
		}
	}
	for pi := range d.paras {
		if d.label(pi) == "quote" {
			cs = d.attach(cs, filled, pi, d.sourceNear(pi), viaLabel, false)
			continue
		}
		if pi > 0 {
			if r, ok := d.nameLine(pi, reg); ok {
				cs = d.attach(cs, filled, pi-1, r, viaNameLine, true)
			}
		}
	}
	return cs
}

// attach gives paragraph pi the speaker r: to the quote that opens it if
// there is one and it has no speaker yet, else to a new quote made of the
// paragraph's words (after its label, if any). With speech set, a new
// quote must read like speech.
func (d *doc) attach(cs []candidate, filled map[int]int, pi int, r ref, v via, speech bool) []candidate {
	if r.kind == refNone {
		return cs
	}
	if i, ok := filled[pi]; ok {
		if cs[i].via == viaNone || cs[i].via == viaLabel {
			cs[i].ref, cs[i].via = r, v
		}
		return cs
	}
	body := d.paras[pi]
	first, end := d.paraFirst[pi], d.paraFirst[pi+1]
	if d.label(pi) != "" {
		body.start = d.toks[first+1].end
	}
	for _, t := range d.toks[first:end] {
		if t.kind == tOpen {
			return cs // a paragraph with quotes of its own
		}
	}
	if speech && !d.readsAsSpeech(first, end) {
		return cs
	}
	return append(cs, candidate{parts: []span{body}, open: -1, close: -1, para: pi, ref: r, via: v})
}

// label returns the lowercase label word a paragraph starts with ("quote"
// for `Quote: …`), or "".
func (d *doc) label(pi int) string {
	first, end := d.paraFirst[pi], d.paraFirst[pi+1]
	if end-first < 3 || d.toks[first+1].text != ":" || !labelWords[d.toks[first].low] {
		return ""
	}
	return d.toks[first].low
}

// sourceNear returns the speaker named on a "Source:" line within three
// paragraphs of pi.
func (d *doc) sourceNear(pi int) ref {
	for k := pi - 3; k <= pi+3; k++ {
		if k < 0 || k >= len(d.paras) || d.label(k) != "source" {
			continue
		}
		first, end := d.paraFirst[k], d.paraFirst[k+1]
		if r := parseNP(nounPhrase(d.toks[first+2 : end])); r.kind == refName || r.kind == refOrg {
			return r
		}
	}
	return ref{}
}

// nameLine reads paragraph pi as a signature under a pull quote: the name
// of a person the article names ("Mark Rutte"), or any name after a dash
// ("— Mark Rutte, Brussels"), with the title on the same line after a comma
// or on the next line ("NATO Secretary General").
func (d *doc) nameLine(pi int, reg *registry) (ref, bool) {
	first, end := d.paraFirst[pi], d.paraFirst[pi+1]
	toks := d.toks[first:end]
	dashed := len(toks) > 0 && toks[0].kind == tPunct && isDash([]rune(toks[0].text)[0])
	if dashed {
		toks = toks[1:]
		if n := len(toks); n > 0 && toks[n-1].text == "." {
			toks = toks[:n-1]
		}
	}
	np, rest := splitComma(toks)
	if len(np) == 0 || len(np) > 5 || chainEnd(np, 0, len(np)) != len(np) {
		return ref{}, false
	}
	r := parseNP(np)
	if r.kind != refName || !dashed && (len(r.name) < 2 || reg.lookup(r.name, r.pos) < 0) {
		return ref{}, false
	}
	if r.role == "" && len(rest) > 1 && len(rest) <= 8 {
		r.role = words(rest[1:])
	}
	if r.role == "" && pi+1 < len(d.paras) && d.isTitleLine(pi+1) {
		r.role = words(d.toks[d.paraFirst[pi+1]:d.paraFirst[pi+2]])
	}
	return r, true
}

// isTitleLine reports whether paragraph pi is a short title such as "NATO
// Secretary General": capitalised, without sentence punctuation, with an
// office word in it.
func (d *doc) isTitleLine(pi int) bool {
	toks := d.toks[d.paraFirst[pi]:d.paraFirst[pi+1]]
	if len(toks) == 0 || len(toks) > 8 || !toks[0].isCap() {
		return false
	}
	office := false
	for _, t := range toks {
		if t.kind != tWord {
			return false
		}
		office = office || titleWords[t.low] || roleNouns[t.low]
	}
	return office
}

// readsAsSpeech reports whether tokens [first, end) read like a quoted
// paragraph: a few sentences in the first or second person.
func (d *doc) readsAsSpeech(first, end int) bool {
	n, personal := 0, false
	for _, t := range d.toks[first:end] {
		if t.kind == tWord {
			n++
			personal = personal || firstSecondPerson[t.low]
		}
	}
	return n >= 8 && personal && d.toks[end-1].isSentenceEnd()
}
