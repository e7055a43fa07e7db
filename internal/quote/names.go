package quote

import (
	"strings"
	"unicode"
)

type gender uint8

const (
	unknown gender = iota
	male
	female
)

// refKind says how a speaker is referred to at one place in the text.
type refKind uint8

const (
	refNone    refKind = iota
	refName            // a proper name: "NATO Secretary General Mark Rutte"
	refOrg             // an organisation: "The Wall Street Journal"
	refPronoun         // "he", "she"
	refDesc            // a description: "the NATO chief", "a source"
)

// ref is a noun phrase that names or points to a speaker.
type ref struct {
	kind     refKind
	name     []string // refName, refOrg: the words of the name
	role     string   // the title or description given with it
	word     string   // refPronoun: the pronoun; refDesc: the head noun
	definite bool     // refDesc: "the ..." rather than "a ..."
	gender   gender   // refPronoun: the pronoun's, or the verb's gender ("заявила")
	weak     bool     // guessed from sentence structure; trusted only for a known person
	pos      int      // offset of the phrase
}

// chainEnd returns the end of the run of capitalised words that starts at
// token i: capitalised words and initials, joined by particles such as "de"
// or "of"; a possessive word ends the run.
func chainEnd(toks []token, i, limit int) int {
	j := i
	for j < limit {
		t := toks[j]
		switch {
		case t.isCap() && (j == i || !capitalStops[t.low]):
			j++
			if t.possessive {
				return j
			}
			continue
		case t.kind == tWord && nameParticles[t.low] && j > i && j+1 < limit && toks[j+1].isCap() && !capitalStops[toks[j+1].low]:
			j++
			continue
		}
		break
	}
	return j
}

// splitTitle divides a capitalised run into its title and the name after
// the last title word.
func splitTitle(chain []token) (title, name []token) {
	cut := 0
	for i, t := range chain {
		if isTitleWord(t) || t.low == "of" && i > 0 && isTitleWord(chain[i-1]) {
			if isName(chain[i+1:], t) {
				cut = i + 1
			}
		}
	}
	name = chain[cut:]
	// "President of Ukraine Volodymyr Zelensky", "Mayor of New York Eric
	// Adams": the words after "of" name the office's place, not the person.
	if cut > 0 && chain[cut-1].low == "of" && len(name) > 2 {
		cut += len(name) - 2
		name = chain[cut:]
	}
	for i, t := range name { // "Elijah Cummings of Maryland"
		if t.low == "of" {
			name = name[:i]
			break
		}
	}
	for len(name) > 0 && nameParticles[name[0].low] {
		name = name[1:]
	}
	return chain[:cut], name
}

// isName reports whether words after the title word before can be a name:
// they hold a word that is no title ("Charlie King"), or follow an honorific
// ("Mr. King").
func isName(words []token, before token) bool {
	if len(words) == 0 {
		return false
	}
	if honorifics[strings.TrimSuffix(before.low, ".")] {
		return true
	}
	for _, t := range words {
		if !isTitleWord(t) {
			return true
		}
	}
	return false
}

// isTitlePhrase reports whether the words left for a name after title are
// an office instead: all title words, or ending in two ("NATO Secretary
// General"). After an honorific they are a name ("Mr. King").
func isTitlePhrase(title, name []token) bool {
	if len(title) > 0 && honorifics[strings.TrimSuffix(title[len(title)-1].low, ".")] {
		return false
	}
	n := len(name)
	if n >= 2 && isTitleWord(name[n-1]) && isTitleWord(name[n-2]) {
		return true
	}
	for _, t := range name {
		if !isTitleWord(t) {
			return false
		}
	}
	return true
}

// isTitleWord reports whether a word names an office, an honorific or a
// role ("Economist Anna Berg").
func isTitleWord(t token) bool {
	w := strings.TrimSuffix(t.low, ".")
	return titleWords[w] || roleNouns[w]
}

// isOrgName reports whether name words look like an organisation or a place
// rather than a person.
func isOrgName(name []token) bool {
	if len(name) > 4 {
		return true
	}
	for _, t := range name {
		if orgWords[strings.TrimSuffix(t.low, ".")] || strings.ContainsAny(t.low, "0123456789@#") {
			return true
		}
	}
	if len(name) == 1 {
		rs := []rune(name[0].text)
		return len(rs) > 1 && strings.ToUpper(name[0].text) == name[0].text && !name[0].abbrev
	}
	return false
}

// parseNP reads a noun phrase that stands in subject position of a speech
// verb and says what kind of speaker reference it is.
func parseNP(toks []token) ref {
	toks = stripNP(toks)
	if len(toks) == 0 || len(toks) > 9 {
		return ref{}
	}
	r := ref{pos: toks[0].start}
	if _, ok := pronounGender[toks[0].low]; ok && len(toks) == 1 {
		r.kind, r.word, r.gender = refPronoun, toks[0].low, pronounGender[toks[0].low]
		return r
	}
	if !isPlainNP(toks) {
		return ref{}
	}
	body := toks
	if determiners[body[0].low] {
		r.definite = body[0].low == "the" || body[0].low == "this" || body[0].low == "that"
		body = body[1:]
	}
	if len(body) == 0 {
		return ref{}
	}
	if last := body[len(body)-1]; !last.isCap() {
		if last.possessive || !isNounLike(last.low) {
			return ref{}
		}
		r.kind, r.word, r.role = refDesc, last.low, words(body)
		return r
	}
	return nameRef(r, toks[0], body)
}

// isPlainNP reports whether tokens can form a noun phrase: words, hyphens
// and ampersands, with no verb, pronoun or function word but a leading
// determiner and an "of".
func isPlainNP(toks []token) bool {
	for i, t := range toks {
		switch {
		case t.kind == tPunct && (t.text == "-" || t.text == "&"), t.isCap(), i == 0 && determiners[t.low]:
		case t.kind != tWord, clauseStops[t.low] && t.low != "of", auxiliaries[t.low], isVerbForm(t.low),
			pronounGender[t.low] != unknown, nonSpeakerPronouns[t.low]:
			return false
		}
	}
	return true
}

// nameRef reads a phrase that ends in a capitalised run: a person's name
// with the title and role before it, an organisation ("The Guardian"), or
// an office without a name ("the Secretary General"). first is the
// phrase's first word, body the phrase after its determiner.
func nameRef(r ref, first token, body []token) ref {
	start := lastChain(body)
	for start+1 < len(body) && capitalStops[body[start].low] {
		start++
	}
	if capitalStops[body[start].low] {
		return ref{}
	}
	title, name := splitTitle(body[start:])
	if isTitlePhrase(title, name) {
		r.kind, r.word, r.role = refDesc, strings.TrimSuffix(body[len(body)-1].low, "."), words(body)
		r.definite = true
		return r
	}
	the := first.low == "the" && start == 0
	if the || isOrgName(name) {
		r.kind, r.name = refOrg, texts(body[start:])
		if the {
			r.name = append([]string{first.text}, r.name...)
		}
		return r
	}
	r.kind, r.name, r.role = refName, texts(name), strings.TrimSpace(words(body[:start])+" "+words(title))
	return r
}

// lastChain returns where the capitalised run that ends toks starts.
func lastChain(toks []token) int {
	for i := 0; i < len(toks); {
		if !toks[i].isCap() {
			i++
			continue
		}
		end := chainEnd(toks, i, len(toks))
		if end == len(toks) {
			return i
		}
		i = end
	}
	return len(toks) - 1
}

// cleanRole tidies a role read from the text: no leading conjunction or
// article ("But Sen.", "the Washington Post’s"), no trailing punctuation or
// possessive.
func cleanRole(role string) string {
	f := strings.Fields(role)
	for len(f) > 0 && (capitalStops[strings.ToLower(f[0])] || determiners[strings.ToLower(f[0])]) {
		f = f[1:]
	}
	role = strings.Join(f, " ")
	role = strings.TrimRight(role, ",;:\"”’'")
	return strings.TrimSuffix(strings.TrimSuffix(role, "'s"), "’s")
}

// stripNP removes what surrounds a noun phrase: punctuation at its ends,
// parenthetical remarks, and reflexives ("Trump himself").
func stripNP(toks []token) []token {
	var out []token
	depth := 0
	for _, t := range toks {
		switch {
		case t.kind == tPunct && (t.text == "(" || t.text == "["):
			depth++
		case t.kind == tPunct && (t.text == ")" || t.text == "]"):
			depth--
		case depth == 0:
			out = append(out, t)
		}
	}
	for len(out) > 0 && out[0].kind != tWord {
		out = out[1:]
	}
	for len(out) > 0 && (out[len(out)-1].kind != tWord || skippable[out[len(out)-1].low] ||
		strings.HasSuffix(out[len(out)-1].low, "self")) {
		out = out[:len(out)-1]
	}
	return out
}

// isNounLike reports whether a lowercase word can head a noun phrase naming
// a speaker: it must not be a verb, adverb or function word.
func isNounLike(w string) bool {
	if clauseStops[w] || skippable[w] || determiners[w] || isVerbForm(w) ||
		strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ed") {
		return false
	}
	for _, c := range w {
		if !unicode.IsLetter(c) && c != '-' {
			return false
		}
	}
	return true
}

// texts returns the words of tokens, without possessive endings.
func texts(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = strings.TrimSuffix(strings.TrimSuffix(t.text, "'s"), "’s")
	}
	return out
}
