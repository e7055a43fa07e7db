// Package quote finds the direct quotes in a news article and who said
// them, and merges the quotes of one story across outlets.
//
// Extraction is rule based and follows how news is written: quotation
// marks are paired paragraph by paragraph, a quote counts when it stands as
// speech of its own (not a phrase inside the writer's sentence), and its
// speaker is read from the attribution clause next to it ("…," said X; X
// said: "…"; according to X), from a paragraph ending with a colon, from
// the layout (Quote:/Source: lines, a pull quote followed by name and title
// lines) or from the quotes around it. Pronouns and roles ("he", "the NATO
// chief") are resolved to the latest compatible person the article named.
package quote

import (
	"sort"
	"strings"
	"unicode"
)

// Quote is one direct quote found in one article.
type Quote struct {
	Text       string // quoted words, without the marks, whitespace normalised
	Speaker    string // the fullest name the article gives ("Mark Rutte"), "" if unattributed
	Role       string // title the text gives the speaker ("NATO Secretary General"), may be ""
	Start, End int    // code-point offsets of Text's span in the input (End exclusive); for a quote interrupted by "he said", the whole span
}

// Extract returns the direct quotes of a plain-text article in text order.
// The article's language is detected from the text; ExtractLang takes it
// from the caller.
func Extract(text string) []Quote {
	return ExtractLang(text, "")
}

func extract(text string, lx *lexicon) []Quote {
	d := newDoc(text, lx)
	if lx != nil {
		cs := d.joinInterrupted(d.candidates())
		cs = d.addDashQuotes(cs)
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].parts[0].start < cs[j].parts[0].start })
		return d.resolve(cs, buildIntlRegistry(d, cs))
	}
	reg := buildRegistry(d)
	cs := d.joinInterrupted(d.candidates())
	cs = d.addLayoutQuotes(cs, reg)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].parts[0].start < cs[j].parts[0].start })
	return d.resolve(cs, reg)
}

// joinInterrupted joins a quote to the one before it when only that
// quote's attribution stands between them ("…," he said. "…"), or nothing
// at all does. A fragment that joins nothing is dropped.
func (d *doc) joinInterrupted(cs []candidate) []candidate {
	var out []candidate
	for _, c := range cs {
		if n := len(out); n > 0 && d.continues(out[n-1], c) {
			prev := &out[n-1]
			prev.parts = append(prev.parts, c.parts...)
			prev.close = c.close
			if prev.via == viaNone {
				prev.ref, prev.via = c.ref, c.via
			}
			continue
		}
		if !c.fragment {
			out = append(out, c)
		}
	}
	return out
}

// continues reports whether c is the second half of prev.
func (d *doc) continues(prev, c candidate) bool {
	if prev.para != c.para {
		return false
	}
	between := d.toks[d.tokenAt(prev.close)+1 : d.tokenAt(c.open)]
	if len(between) == 0 {
		return prev.via == viaNone || c.via == viaNone
	}
	if prev.via != viaAfter || c.via == viaAfter || len(between) > 30 {
		return false
	}
	for _, t := range between[:len(between)-1] {
		if t.isSentenceEnd() || t.kind == tOpen || t.kind == tClose {
			return false
		}
	}
	return true
}

// resolve turns each candidate's speaker phrase into a name and a role, in
// text order so that every quoted person becomes the antecedent of the
// next "he said".
func (d *doc) resolve(cs []candidate, reg *registry) []Quote {
	out := make([]Quote, 0, len(cs))
	prevPerson, prevSpeaker, prevRole, prevPara := -1, "", "", -2
	for _, c := range cs {
		p, speaker, role := d.speakerOf(c, reg)
		if c.via == viaNone && c.para-prevPara <= 1 {
			p, speaker, role = prevPerson, prevSpeaker, prevRole
		}
		if p >= 0 {
			reg.addSpeaker(p, c.parts[0].start)
		}
		if q, ok := d.quote(c, speaker, role); ok && (speaker != "" || !isTitle(q.Text)) {
			out = append(out, q)
			prevPerson, prevSpeaker, prevRole, prevPara = p, speaker, role, d.lastPara(c)
		}
	}
	return out
}

// speakerOf resolves a candidate's speaker phrase to a registry person (or
// -1), a display name and a role.
func (d *doc) speakerOf(c candidate, reg *registry) (int, string, string) {
	r := c.ref
	p := -1
	switch r.kind {
	case refName:
		p = reg.lookup(r.name, r.pos)
		if p < 0 && r.weak {
			return -1, "", ""
		}
	case refOrg:
		return -1, strings.Join(r.name, " "), r.role
	case refPronoun:
		p = reg.resolvePronoun(r.gender, r.pos)
	case refDesc:
		p = reg.resolveDesc(r, r.pos)
		if p < 0 && d.lx != nil && r.definite {
			if p = d.unroled(reg, r.pos); p >= 0 {
				return p, strings.Join(reg.people[p].name, " "), r.role
			}
		}
		if p < 0 && (roleNouns[r.word] || d.lx != nil) {
			return -1, "", r.role
		}
	}
	if p < 0 {
		if r.kind == refName {
			return -1, strings.Join(r.name, " "), r.role
		}
		return -1, "", ""
	}
	role := r.role
	if r.kind != refName || role == "" {
		role = reg.people[p].role
	}
	return p, strings.Join(reg.people[p].name, " "), role
}

// quote builds the Quote of a candidate; it fails when the candidate has
// no words.
func (d *doc) quote(c candidate, speaker, role string) (Quote, bool) {
	texts := make([]string, 0, len(c.parts))
	for _, p := range c.parts {
		if t := normalizeSpace(string(d.r[p.start:p.end])); t != "" {
			texts = append(texts, t)
		}
	}
	text := joinParts(texts)
	if strings.IndexFunc(text, unicode.IsLetter) < 0 {
		return Quote{}, false
	}
	start, end := c.parts[0].start, c.parts[len(c.parts)-1].end
	for start < end && unicode.IsSpace(d.r[start]) {
		start++
	}
	for end > start && unicode.IsSpace(d.r[end-1]) {
		end--
	}
	return Quote{Text: text, Speaker: speaker, Role: cleanRole(role), Start: start, End: end}, true
}

// joinParts joins the pieces of a quote. A comma that only closed a piece
// before "he said" becomes a full stop when the next piece starts a new
// sentence, and is dropped at the end.
func joinParts(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		if !strings.HasSuffix(p, ",") {
			b.WriteString(p)
			continue
		}
		p = strings.TrimSuffix(p, ",")
		b.WriteString(p)
		if i+1 < len(parts) {
			if startsUpper(parts[i+1]) {
				b.WriteByte('.')
			} else {
				b.WriteByte(',')
			}
		}
	}
	return b.String()
}

// isTitle reports whether quoted words read as the title of a work or a
// slogan rather than speech: a few words, all capitalised but the short
// ones ("Who’s Who in the CIA", "Make America Great Again").
func isTitle(text string) bool {
	words := strings.Fields(text)
	if len(words) > 8 {
		return false
	}
	for _, w := range words {
		if len([]rune(w)) > 3 && !startsUpper(w) {
			return false
		}
	}
	return true
}

func startsUpper(s string) bool {
	for _, c := range s {
		return unicode.IsUpper(c)
	}
	return false
}

// lastPara returns the paragraph where a candidate ends.
func (d *doc) lastPara(c candidate) int {
	return d.toks[d.tokenAt(c.parts[len(c.parts)-1].start)].para
}
