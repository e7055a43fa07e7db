package quote

import "strings"

// Ukrainian, Russian and Spanish news write speech as a paragraph led by a
// dash, the attribution set off by dashes: "— Мы готовы, — сказал Рютте.
// — Альянс един." / "—Estamos listos —dijo Rutte—." The same dashes
// interrupt a quote inside guillemets: «Мы готовы, — сказал Рютте, — но
// не сейчас».

// addDashQuotes adds the dash-led paragraphs that an attribution inside
// them, or a paragraph ending with a colon before them, shows to be speech.
func (d *doc) addDashQuotes(cs []candidate) []candidate {
	if !d.lx.dashQuotes {
		return cs
	}
	for pi := range d.paras {
		first, end := d.paraFirst[pi], d.paraFirst[pi+1]
		if end-first < 3 || !isDashToken(d.toks[first]) || d.hasMarks(first, end) {
			continue
		}
		c := candidate{open: -1, close: -1, para: pi}
		from, to := d.toks[first].end, d.paras[pi].end
		if k, m, r, ok := d.dashAttribution(first+1, end, d.toks[first].start); ok {
			c.ref, c.via = r, viaAfter
			c.parts = append(c.parts, span{from, d.toks[k].start})
			if next, goesOn := d.afterDashAttribution(m, end); goesOn {
				c.parts = append(c.parts, span{d.toks[next].start, to})
			}
		} else if pi > 0 && d.endsWithColon(pi-1) {
			if r := d.beforeIntl(first - 1); r.kind != refNone {
				c.ref, c.via = r, viaColon
				c.parts = []span{{from, to}}
			}
		}
		if len(c.parts) > 0 {
			cs = append(cs, c)
		}
	}
	return cs
}

// splitInner takes an attribution set off by dashes out of a quote in
// guillemets: «Мы готовы, — сказал Рютте, — но не сейчас».
func (d *doc) splitInner(c *candidate) {
	if len(c.parts) != 1 {
		return
	}
	first, end := d.tokenAt(c.parts[0].start), d.tokenAt(c.parts[0].end)
	k, m, r, ok := d.dashAttribution(first, end, c.open)
	if !ok {
		return
	}
	next, goesOn := d.afterDashAttribution(m, end)
	if !goesOn {
		return
	}
	c.parts = []span{{c.parts[0].start, d.toks[k].start}, {d.toks[next].start, c.parts[0].end}}
	if c.ref.kind == refNone {
		c.ref, c.via = r, viaAfter
	}
}

// dashAttribution finds, among tokens [from, end), a dash after a pause
// (", —") or attached to the next word ("listos —dijo") that opens an
// attribution with its verb first. It returns the dash, the end of the
// attribution and its speaker.
func (d *doc) dashAttribution(from, end, pos int) (int, int, ref, bool) {
	for k := from + 1; k+1 < end; k++ {
		t := d.toks[k]
		if !isDashToken(t) {
			continue
		}
		prev := d.toks[k-1]
		if !strings.Contains(",!?…", prev.text) && !(t.end == d.toks[k+1].start && t.start > prev.end) {
			continue
		}
		m := k + 1
		for m < end && m-k < 14 && !isDashToken(d.toks[m]) && !d.toks[m].isClauseEnd() {
			m++
		}
		w := d.toks[k+1 : m]
		for len(w) > 0 && w[len(w)-1].text == "," {
			w = w[:len(w)-1]
		}
		if r, ok := d.lx.inverted(w, pos); ok {
			return k, m, r, true
		}
	}
	return 0, 0, ref{}, false
}

// afterDashAttribution reports whether speech goes on after an attribution
// ending at token m: after a dash (". — Альянс един."), and where.
func (d *doc) afterDashAttribution(m, end int) (int, bool) {
	dashed := false
	for m < end && d.toks[m].kind == tPunct && (isDashToken(d.toks[m]) || strings.Contains(".,", d.toks[m].text)) {
		dashed = dashed || isDashToken(d.toks[m])
		m++
	}
	return m, dashed && m < end
}

// hasMarks reports whether tokens [first, end) hold a quotation mark.
func (d *doc) hasMarks(first, end int) bool {
	for _, t := range d.toks[first:end] {
		if t.kind == tOpen || t.kind == tClose {
			return true
		}
	}
	return false
}
