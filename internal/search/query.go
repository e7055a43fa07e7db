package search

import (
	"regexp"
	"strings"
	"unicode"
)

// clause is one unit of a query: a single term, or a quoted phrase whose
// terms must appear consecutively, in order, within one text.
type clause struct {
	terms  []uint32
	quoted bool
}

// query is a parsed query.
type query struct {
	clauses []clause
	// pairs are neighbouring unquoted terms ("peace talks" in
	// "peace talks NATO"), rewarded when a story has them side by side.
	pairs [][]uint32
}

// quotedRe finds quoted phrases in straight, curly, German and French
// quotation marks.
var quotedRe = regexp.MustCompile(`"([^"]*)"|“([^”]*)”|„([^“”]*)[“”]|«([^»]*)»`)

// filler lists the words of questions and requests that say nothing about
// the subject ("what is happening with", "tell me about", "any updates on",
// "latest"); text.Term already drops what, is, new, news, update(s), on,
// with, about, any, me. They are dropped only outside quotes.
var filler = toSet(`tell happen happens happened happening going latest recent recently lately current currently
anything something everything info information know hear heard please developments development`)

// parse reads a free-text query or question: a leading bot command
// ("/ask", "/ask@newsdigestbot") is dropped, quoted phrases become phrase
// clauses, and every other content word a term clause. Terms are analysed
// exactly as story text is. Repeated terms count once.
func (ix *Index) parse(q string) query {
	v := newVocab(ix.vocab)
	q = dropCommand(strings.ToLower(q))
	var out query
	seen := map[uint32]bool{}
	prev := 0
	for _, m := range quotedRe.FindAllStringSubmatchIndex(q, -1) {
		out.addFree(v, q[prev:m[0]], seen)
		for g := 2; g < len(m); g += 2 {
			if m[g] >= 0 {
				if ids := termsOf(v, q[m[g]:m[g+1]], nil); len(ids) > 0 {
					out.clauses = append(out.clauses, clause{terms: ids, quoted: true})
				}
			}
		}
		prev = m[1]
	}
	out.addFree(v, q[prev:], seen)
	return out
}

// addFree adds the unquoted text s: a clause per new term, and the pairs
// of neighbouring terms.
func (q *query) addFree(v *vocab, s string, seen map[uint32]bool) {
	ids := termsOf(v, s, filler)
	for i, t := range ids {
		if !seen[t] {
			seen[t] = true
			q.clauses = append(q.clauses, clause{terms: []uint32{t}})
		}
		if i > 0 && ids[i-1] != t {
			q.pairs = append(q.pairs, []uint32{ids[i-1], t})
		}
	}
}

// termsOf returns the term ids of s, skipping the words in skip.
func termsOf(v *vocab, s string, skip map[string]bool) []uint32 {
	var ids []uint32
	for w := range words(s) {
		if skip[w] {
			continue
		}
		if id := v.word(w); id != 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// dropCommand removes a leading Telegram command from q.
func dropCommand(q string) string {
	q = strings.TrimSpace(q)
	if !strings.HasPrefix(q, "/") {
		return q
	}
	if i := strings.IndexFunc(q, unicode.IsSpace); i > 0 {
		return q[i:]
	}
	return ""
}

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
