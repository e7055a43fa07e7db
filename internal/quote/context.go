package quote

import "strings"

// Reporters paraphrase the part of a remark they do not quote: "Rutte
// acknowledged that Putin is a tough and unpredictable negotiator. However,
// he concluded: “If we ultimately want to reach a peace agreement, we need
// him.”" The writer's words around a quote therefore tell which of a
// speaker's remarks a short quote belongs to, and the title and lead of an
// article tell which of its quotes the writer thought mattered most.

// contextSentences is how many of the writer's sentences before a quote
// count as its context: the one that introduces it and the one before.
const contextSentences = 2

// headingWords is the most words a paragraph without final punctuation
// may have to count as a subhead.
const headingWords = 14

// writersWords returns, for each quote of an article, the writer's words
// around it (see context), and the article's lead: its title and the
// writer's words of its first paragraphs, quotes left out. Without a text
// there are no contexts and the lead is the title. lang is the text's
// language, detected when empty.
func writersWords(title, text, lang string, qs []Quote) (contexts []string, lead string) {
	contexts = make([]string, len(qs))
	if text == "" {
		return contexts, title
	}
	if lang == "" {
		lang = detectLang(text)
	}
	d := newDoc(text, lexiconFor(lang))
	for k, q := range qs {
		if d.locates(q) {
			contexts[k] = d.context(q)
		}
	}
	return contexts, title + " " + d.lead()
}

// locates reports whether a quote's offsets point at its words in the
// text: a quote built by hand may carry none.
func (d *doc) locates(q Quote) bool {
	if q.Start < 0 || q.End > len(d.r) || q.Start >= q.End {
		return false
	}
	first, _, _ := strings.Cut(strings.TrimSpace(q.Text), " ")
	return first != "" && strings.HasPrefix(string(d.r[q.Start:q.End]), first)
}

// leadWords is about how many of the writer's words make an article's
// lead.
const leadWords = 60

// lead returns the writer's words of the first paragraphs, quotes left
// out.
func (d *doc) lead() string {
	var out []token
	n := 0
	for p := 0; p < len(d.paras) && n < leadWords; p++ {
		for _, t := range d.toks[d.paraFirst[p]:d.paraFirst[p+1]] {
			if t.kind == tOpen || t.kind == tClose || d.quoted(t.start) {
				continue
			}
			out = append(out, t)
			if t.kind == tWord {
				n++
			}
		}
	}
	return words(out)
}

// context returns the writer's words around one quote.
func (d *doc) context(q Quote) string {
	first := d.tokenAt(q.Start)
	if first >= len(d.toks) {
		return ""
	}
	pi := d.toks[first].para
	var before, after []token
	// Back to the start of the paragraph or through contextSentences
	// sentence ends of the writer's own.
	ends := 0
	for k := first - 1; k >= d.paraFirst[pi]; k-- {
		t := d.toks[k]
		if t.kind == tOpen || t.kind == tClose || d.quoted(t.start) {
			continue
		}
		if t.isSentenceEnd() {
			if ends++; ends == contextSentences {
				break
			}
		}
		before = append(before, t)
	}
	// Forward to the end of the sentence after the quote.
	for k := d.tokenAt(q.End); k < d.paraFirst[pi+1]; k++ {
		t := d.toks[k]
		if t.kind == tOpen {
			break
		}
		if t.kind == tClose || d.quoted(t.start) {
			continue
		}
		after = append(after, t)
		if t.isSentenceEnd() {
			break
		}
	}
	var parts []string
	p := pi - 1
	if !hasWord(before) && p >= 0 && d.endsWithColon(p) {
		parts = append(parts, d.lastSentence(p))
		p--
	}
	if p >= 0 && d.isSubhead(p) {
		parts = append(parts, words(d.toks[d.paraFirst[p]:d.paraFirst[p+1]]))
	}
	for i, j := 0, len(before)-1; i < j; i, j = i+1, j-1 {
		before[i], before[j] = before[j], before[i]
	}
	parts = append(parts, words(before), words(after))
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func hasWord(toks []token) bool {
	for _, t := range toks {
		if t.kind == tWord && !labelWords[t.low] {
			return true
		}
	}
	return false
}

// endsWithColon reports whether paragraph p ends with a colon.
func (d *doc) endsWithColon(p int) bool {
	end := d.paraFirst[p+1]
	return end > d.paraFirst[p] && d.toks[end-1].text == ":"
}

// lastSentence returns the writer's words of paragraph p's last sentence.
func (d *doc) lastSentence(p int) string {
	var out []token
	for k := d.paraFirst[p+1] - 2; k >= d.paraFirst[p]; k-- {
		t := d.toks[k]
		if t.isSentenceEnd() {
			break
		}
		if t.kind != tOpen && t.kind != tClose && !d.quoted(t.start) {
			out = append(out, t)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return words(out)
}

// isSubhead reports whether paragraph p reads as a subhead: a few words
// without a full stop or a colon at the end.
func (d *doc) isSubhead(p int) bool {
	toks := d.toks[d.paraFirst[p]:d.paraFirst[p+1]]
	n := 0
	for _, t := range toks {
		if t.kind == tWord {
			n++
		}
	}
	last := toks[len(toks)-1]
	for last.kind == tClose && len(toks) > 1 {
		toks = toks[:len(toks)-1]
		last = toks[len(toks)-1]
	}
	return n > 0 && n <= headingWords && !last.isSentenceEnd() && last.text != ":"
}
