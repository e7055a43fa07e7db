package quote

import (
	"sort"
	"strings"
	"unicode"
)

// Attribution for the languages with a lexicon. The frames differ from
// English mostly in word order: the verb comes first after a quote
// ("«…», — заявил Рютте", "„…“, sagte er", "« … », a-t-il déclaré",
// "«…», dijo"), Spanish and Turkish drop the pronoun, and Turkish puts
// the speaker before the quote and the verb after it.

// attributeIntl is attribute for a language with a lexicon.
func (d *doc) attributeIntl(q rawQuote, open int) (ref, via) {
	if r := d.afterIntl(q); r.kind != refNone {
		return r, viaAfter
	}
	if r := d.beforeIntl(open); r.kind != refNone {
		return r, viaBefore
	}
	if open == 0 {
		return ref{}, viaNone
	}
	prev := d.toks[open-1]
	if open == d.paraStart(open) && prev.text == ":" {
		if r := d.beforeIntl(open - 1); r.kind != refNone {
			return r, viaColon
		}
	}
	if prev.isSentenceEnd() && !d.sentenceHasQuote(open-1) {
		if r := d.beforeIntl(open - 1); r.kind != refNone && r.kind != refPronoun {
			return r, viaSentenceBefore
		}
	}
	return ref{}, viaNone
}

// afterIntl reads the clause after a quotation's closing mark.
func (d *doc) afterIntl(q rawQuote) ref {
	lx := d.lx
	i := d.tokenAt(q.close) + 1
	if i >= len(d.toks) || d.toks[i].para != d.toks[i-1].para {
		return ref{}
	}
	w := d.clauseFrom(i)
	for len(w) > 0 && (w[0].text == "," || isDashToken(w[0])) {
		w = w[1:]
	}
	if len(w) == 0 {
		return ref{}
	}
	if lx.verbFinal {
		return d.verbFinalAfter(q, w)
	}
	if n := lx.frameAt(w); n > 0 {
		return lx.framed(w[n:])
	}
	if lx.afterOnly[w[0].low] { // „…“, so Rutte
		if r := lx.phrase(w[1:], false); r.kind != refPronoun {
			return r
		}
		return ref{}
	}
	if r, ok := lx.inverted(w, q.open); ok {
		return r
	}
	// "«…», Рютте заявил": a short subject before the verb.
	if v := lx.verbIndex(w, 6, false); v > 0 {
		if r := lx.subjectBefore(w[:v]); r.kind == refName || r.kind == refPronoun {
			return r
		}
	}
	return ref{}
}

// clauseFrom returns the tokens from i to the end of the clause, the
// paragraph or the next quotation.
func (d *doc) clauseFrom(i int) []token {
	end := i
	for end < d.paraEnd(i) && end-i < 30 && d.toks[end].kind != tOpen && !d.toks[end].isClauseEnd() {
		end++
	}
	return d.toks[i:end]
}

// verbFinalAfter reads a Turkish attribution: the verb after the quote
// (`"…" dedi`, `"…" diye konuştu`) with the speaker at the start of the
// sentence, or a participle naming the speaker after it (`"…" diyen Rutte`).
func (d *doc) verbFinalAfter(q rawQuote, w []token) ref {
	lx := d.lx
	for k := 0; k < len(w) && k < 8; k++ {
		t := w[k]
		if lx.participles[t.low] {
			if r := lx.phrase(w[k+1:], false); r.kind == refName {
				return r
			}
			return ref{}
		}
		if !lx.verbs[t.low] && !lx.speechPhrase(w, k) {
			continue
		}
		before := d.sentenceBefore(d.tokenAt(q.open))
		if r := lx.participleSubject(before); r.kind != refNone {
			return r
		}
		if r := lx.phrase(before, false); r.kind != refNone {
			return r
		}
		if r := lx.postFramed(before); r.kind != refNone {
			return r
		}
		return ref{kind: refPronoun, pos: q.open}
	}
	return ref{}
}

// speechPhrase reports whether w[k] is a noun that speaks with the light
// verb after it: "yanıtını verdi" (gave the answer), "mesajını verdi".
func (lx *lexicon) speechPhrase(w []token, k int) bool {
	return lx.speechNouns[w[k].low] && k+1 < len(w) && lx.lightVerbs[w[k+1].low]
}

// participleSubject reads the subject of a Turkish sentence that a
// participle clause qualifies, set off by a comma: "soruları yanıtlayan
// Rutte, "…" dedi", "açıklama yapan Dışişleri Bakanı Hakan Fidan, …". The
// first capitalised words of such a sentence belong to the participle
// clause ("Ukrayna ile Rusya arasındaki …"), not to the subject.
func (lx *lexicon) participleSubject(w []token) ref {
	if len(lx.participleEndings) == 0 {
		return ref{}
	}
	for c := 2; c < len(w); c++ {
		if w[c].text != "," || !lx.nameWord(w[c-1], false) {
			continue
		}
		s := c - 1
		for s > 0 && (lx.nameWord(w[s-1], false) || lx.isRole(w[s-1]) || isAcronym(w[s-1]) ||
			lx.particles[w[s-1].low] && s > 1 && lx.nameWord(w[s-2], false)) {
			s--
		}
		if s == 0 || !lx.isParticiple(w[s-1]) {
			continue
		}
		if r := lx.phrase(w[s:c], false); r.kind == refName {
			return r
		}
	}
	return ref{}
}

// isParticiple reports whether a word is a Turkish participle that
// qualifies the noun after it: "yanıtlayan", "sorulan", "belirten".
func (lx *lexicon) isParticiple(t token) bool {
	if t.kind != tWord || t.isCap() {
		return false
	}
	if lx.participles[t.low] {
		return true
	}
	for _, e := range lx.participleEndings {
		if strings.HasSuffix(t.low, e) && len(t.low) > len(e)+2 {
			return true
		}
	}
	return false
}

// speechFollows reports whether a speech verb follows a quotation right
// after its closing mark, as in Turkish, whose quotes stand as the verb's
// object after any adverbial ("hatırlatarak "…" yanıtını verdi").
func (d *doc) speechFollows(q rawQuote) bool {
	i := d.tokenAt(q.close) + 1
	w := d.toks[i:min(i+2, d.paraEnd(i))]
	return len(w) > 0 && w[0].kind == tWord && (d.lx.verbs[w[0].low] || d.lx.participles[w[0].low] || d.lx.speechPhrase(w, 0))
}

// beforeIntl reads the sentence that ends just before token end: a frame
// ("По словам Рютте,", "Selon Mark Rutte,", "Rutte'ye göre,"), a speech
// verb with its subject ("Рютте заявил:", "Dazu sagte Rutte:"), or a
// speaker's name alone before a colon ("Рютте:").
func (d *doc) beforeIntl(end int) ref {
	lx := d.lx
	w := d.sentenceBefore(end)
	colon := false
	for len(w) > 0 && isPause(w[len(w)-1]) {
		colon = colon || w[len(w)-1].text == ":"
		w = w[:len(w)-1]
	}
	if len(w) == 0 {
		return ref{}
	}
	for c := range w {
		if c == 0 || isPause(w[c-1]) {
			if n := lx.frameAt(w[c:]); n > 0 {
				return lx.framed(w[c+n:])
			}
		}
	}
	if r := lx.postFramed(w); r.kind != refNone {
		return r
	}
	if v := lx.verbIndex(w, len(w), true); v >= 0 {
		gen := lx.verbGender(w[v].low)
		r := lx.phrase(w[v+1:], false)
		if r.kind == refNone || r.kind == refOrg {
			r = lx.subjectBefore(w[:v])
		}
		if r.kind == refNone {
			r = ref{kind: refPronoun, pos: w[v].start}
		}
		if r.gender == unknown {
			r.gender = gen
		}
		return r
	}
	// "Рютте:", "Bundeskanzler Olaf Scholz kündigte Konsequenzen an:": the
	// person who opens the sentence, perhaps after a role, is its subject.
	if colon {
		if r := lx.phrase(w, false); r.kind == refName && (r.pos == w[0].start || lx.roleSubject(w, r)) {
			return r
		}
	}
	return ref{}
}

// roleSubject reports whether a name with its role opens the words w and
// a verb follows it: "Bundeskanzler Olaf Scholz kündigte … an". A comma
// after it may make it an object put first ("Kremlchef Wladimir Putin,
// mit dem …, beschrieb Rutte als …").
func (lx *lexicon) roleSubject(w []token, r ref) bool {
	if r.role == "" || !strings.HasPrefix(words(w), r.role) {
		return false
	}
	for k, t := range w {
		if t.start == r.pos {
			k += len(r.name)
			return k < len(w) && w[k].kind == tWord && !w[k].isCap()
		}
	}
	return false
}

// sentenceBefore returns the tokens of the sentence that ends before
// token end, back to a sentence end or a quotation mark.
func (d *doc) sentenceBefore(end int) []token {
	if end <= 0 || end > len(d.toks) {
		return nil
	}
	first := d.paraStart(end - 1)
	k := end
	for k > first && end-k < maxSentence {
		t := d.toks[k-1]
		if t.isClauseEnd() || t.kind == tOpen || t.kind == tClose {
			break
		}
		k--
	}
	return d.toks[k:end]
}

// inverted reads an attribution that starts with its verb, perhaps after
// an auxiliary ("a déclaré"), with the speaker after it or folded into
// the verb ("a-t-il déclaré", "déclare-t-elle"), or left out ("dijo").
func (lx *lexicon) inverted(w []token, pos int) (ref, bool) {
	var pron ref
	for k := 0; k < len(w) && k < 4; k++ {
		t := w[k]
		if t.kind != tWord {
			return ref{}, false
		}
		head := t.low
		if h, p, ok := strings.Cut(t.low, "-t-"); ok { // a-t-il
			head, pron = h, ref{kind: refPronoun, word: p, gender: lx.pronouns[p], pos: t.start}
		} else if h, p, ok := strings.Cut(t.low, "-"); ok && lx.pronouns[p] != unknown { // dit-elle
			head, pron = h, ref{kind: refPronoun, word: p, gender: lx.pronouns[p], pos: t.start}
		}
		switch {
		case lx.verbs[head]:
			if pron.kind != refNone {
				return pron, true
			}
			r := lx.phrase(w[k+1:], false)
			if r.kind == refNone {
				r = ref{kind: refPronoun, pos: pos}
			}
			if r.gender == unknown {
				r.gender = lx.verbGender(head)
			}
			return r, true
		case lx.skip[head]:
		default:
			return ref{}, false
		}
	}
	return ref{}, false
}

// phrase reads the speaker phrase that opens w: a pronoun, a name with
// the role written before it ("генсек НАТО Марк Рютте", "le secrétaire
// général de l'Otan, Mark Rutte") or after it ("Mark Rutte, le chef de
// l'Otan"), a description ("die Kanzlerin", "генсек") or an organisation
// ("le Kremlin"). Words that are neither role nor name before a name make
// it an object ("заявил в интервью Би-би-си"), except in a frame, whose
// role is often inflected ("по словам главы МИД Сергея Лаврова").
func (lx *lexicon) phrase(w []token, frame bool) ref {
	k := 0
	for k < len(w) && w[k].kind == tWord && lx.skip[w[k].low] {
		k++
	}
	if k == len(w) || w[k].kind != tWord {
		return ref{}
	}
	if g, ok := lx.pronouns[w[k].low]; ok {
		return ref{kind: refPronoun, word: w[k].low, gender: g, pos: w[k].start}
	}
	start := k
	article := lx.articles[w[k].low]
	if article {
		k++
	}
	roleFrom, stray := -1, false
	lastRole := -1 // the last role word, or an adjective after it
	if frame {
		roleFrom = k
	}
	for ; k < len(w) && k-start < 14; k++ {
		t := w[k]
		afterStop := k > start && lx.stops[w[k-1].low] && !lx.connectors[w[k-1].low]
		switch {
		case t.kind == tPunct && t.text == "," && roleFrom >= 0 && k+1 < len(w) && lx.nameWord(w[k+1], frame):
			continue // "secrétaire général de l'Otan, Mark Rutte"
		case t.kind != tWord:
		case lx.isRole(t):
			if roleFrom < 0 {
				roleFrom = k
			}
			lastRole = k
			continue
		case lx.postAdjectives && k > start && lastRole == k-1 && lx.postAdjective(t):
			lastRole = k // "le président français", "le vice-président américain JD Vance"
			continue
		case lx.genitiveRole(w, k) > k:
			if roleFrom < 0 {
				roleFrom = k // "Bayerns Ministerpräsident Markus Söder"
			}
			k = lx.genitiveRole(w, k) - 1
			continue
		case lx.cyrillic && roleFrom >= 0 && lx.latinOrg(w, k) > k:
			// "економіст Dnipro Investment Group Олександр Павленко": the
			// organisation's Latin name belongs to the role.
			k = lx.latinOrg(w, k) - 1
			continue
		case lx.initials(w, k) && !afterStop && !(k > start && (lx.connectors[w[k-1].low] || lx.articles[w[k-1].low])):
			if stray && roleFrom < 0 {
				return ref{}
			}
			return lx.nameAt(w, start, k, roleFrom, article, frame) // "JD Vance"
		case lx.nameWord(t, frame) && roleFrom >= 0 && k > start && lx.connectors[w[k-1].low] && lx.inRole(w[k:]):
			// "presidente del Gobierno, Pedro Sánchez"; a name of several
			// words before the comma is the organisation's ("de la Comisión
			// Europea, Ursula von der Leyen").
			if m := lx.orgComma(w[k:]); m > 0 {
				k += m - 1
			}
			continue
		case lx.nameWord(t, frame) && !afterStop:
			if stray && roleFrom < 0 {
				return ref{}
			}
			return lx.nameAt(w, start, k, roleFrom, article, frame)
		default:
			stray = true
			continue
		}
		break
	}
	for k-1 > roleFrom && lx.skip[w[k-1].low] && w[k-1].kind == tWord {
		k-- // an adverb after the role: "sagte Macrons Sprecherin danach"
	}
	if roleFrom < 0 || roleFrom >= k || !lx.isRole(w[k-1]) && !isAcronym(w[k-1]) && lastRole != k-1 {
		return ref{}
	}
	role := w[lx.roleStart(w, start, roleFrom):k]
	head := role[len(role)-1]
	for i := len(role) - 1; i >= 0; i-- {
		if lx.isRole(role[i]) {
			head = role[i]
			break
		}
	}
	word := head.low
	if a := lx.roleAliases[word]; a != "" {
		word = a // "генсек" is the "генеральний секретар" named before
	}
	return ref{kind: refDesc, word: word, role: words(role), pos: w[start].start,
		definite: lx.noArticles || lx.definite[w[start].low]}
}

// postAdjective reports whether a word can be an adjective after a role
// in a language that puts it there: "français", "estadounidense".
func (lx *lexicon) postAdjective(t token) bool {
	return t.kind == tWord && !t.isCap() && !lx.stops[t.low] && !lx.connectors[t.low] &&
		!lx.articles[t.low] && !lx.skip[t.low] && !lx.verbs[t.low] && !lx.frameWord(t.low)
}

// nameRun returns the end of the run of name words that starts at w[k].
func (lx *lexicon) nameRun(w []token, k int) int {
	for k < len(w) && lx.nameWord(w[k], false) {
		k++
	}
	return k
}

// genitiveRole returns the end of the owner of an office that opens a
// role at w[k]: capitalised words, the last with one of ownerEndings,
// before a role word ("Bayerns Ministerpräsident", "Macrons Sprecher",
// "Merkez Bankası Başkanı"). Else it returns k.
func (lx *lexicon) genitiveRole(w []token, k int) int {
	if len(lx.ownerEndings) == 0 {
		return k
	}
	m := lx.nameRun(w, k)
	if m == k || m-k > 3 || m == len(w) || !lx.isRole(w[m]) || len(w[m-1].low) < 3 {
		return k
	}
	for _, e := range lx.ownerEndings {
		if strings.HasSuffix(w[m-1].low, e) {
			return m
		}
	}
	return k
}

// latinOrg returns the end of an organisation's name in Latin script at
// w[k] inside a Cyrillic role, when a Cyrillic name follows it. Else it
// returns k.
func (lx *lexicon) latinOrg(w []token, k int) int {
	m := k
	for m < len(w) && w[m].kind == tWord && (w[m].isCap() || isAcronym(w[m]) || w[m].text == "&") && !isCyrillic(w[m].text) {
		m++
	}
	if m > k && m < len(w) && isCyrillic(w[m].text) && lx.nameWord(w[m], false) {
		return m
	}
	return k
}

// initials reports whether w[k] is a person's initials before a name
// ("JD Vance"): two Latin capitals followed by name words that no role
// word follows ("AB Komisyonu Başkanı" is an organisation's).
func (lx *lexicon) initials(w []token, k int) bool {
	t := w[k]
	if t.kind != tWord || len(t.text) != 2 || !isAcronym(t) || isCyrillic(t.text) {
		return false
	}
	m := lx.nameRun(w, k+1)
	return m > k+1 && (m == len(w) || !lx.isRole(w[m]))
}

// inRole reports whether the capitalised words that open w, after a
// connector of a role, name the office's place or organisation rather than
// the person: the name follows them after a comma, or right after them.
func (lx *lexicon) inRole(w []token) bool {
	if lx.orgComma(w) > 0 {
		return true
	}
	return lx.nameRun(w, 0) > 1
}

// orgComma returns the index of the comma that ends the organisation or
// place opening w, when a name follows it: "Comisión Europea, Ursula von
// der Leyen", "Finanzas de los Países Bajos, Eelco van der Berg". Else 0.
func (lx *lexicon) orgComma(w []token) int {
	k := 0
	for k < len(w) && (lx.nameWord(w[k], false) || isAcronym(w[k]) ||
		k > 0 && lx.connectors[w[k].low] && k+1 < len(w) && w[k+1].kind == tWord) {
		k++
	}
	if k > 0 && k+1 < len(w) && w[k].text == "," && lx.nameWord(w[k+1], false) {
		return k
	}
	return 0
}

// roleStart returns where a role that has its first role word at from
// starts: with the organisation or country before it ("NATO Genel
// Sekreteri"), not before the phrase's start.
func (lx *lexicon) roleStart(w []token, start, from int) int {
	for from > start && (isAcronym(w[from-1]) || w[from-1].isCap() && !lx.articles[w[from-1].low]) {
		from--
	}
	return from
}

// nameAt reads the name that starts at w[k], with the role before it from
// roleFrom (or -1) or in an appositive after it.
func (lx *lexicon) nameAt(w []token, start, k, roleFrom int, article, frame bool) ref {
	j := k
	for j < len(w) {
		t := w[j]
		if lx.nameWord(t, frame) && !(frame && roleFrom >= 0 && lx.isRole(t)) || j == k && lx.initials(w, j) {
			j++
			if lx.verbFinal && strings.ContainsAny(t.text, "'’") {
				break // "Rutte'ye": a suffix ends the name
			}
			continue
		}
		// Particles inside a name: "Ursula von der Leyen".
		p := j
		for p < len(w) && p-j < 3 && w[p].kind == tWord && lx.particles[w[p].low] {
			p++
		}
		if p > j && j > k && p < len(w) && lx.nameWord(w[p], frame) {
			j = p
			continue
		}
		break
	}
	name := w[k:j]
	// "министр иностранных дел России Сергей Лавров": a person is named
	// by two words; the ones before belong to the role.
	if lx.cyrillic && roleFrom >= 0 && len(name) > 2 && !lx.particles[name[len(name)-2].low] {
		k += len(name) - 2
		name = name[len(name)-2:]
	}
	if len(name) > 4 {
		return ref{}
	}
	r := ref{kind: refName, pos: w[k].start}
	for _, t := range name {
		r.name = append(r.name, lx.nameText(t))
	}
	switch {
	case roleFrom >= 0:
		r.role = strings.TrimRight(words(w[lx.roleStart(w, start, roleFrom):k]), " ,")
	case article:
		r.kind, r.name = refOrg, append([]string{w[start].text}, r.name...)
	case j+1 < len(w) && w[j].text == ",":
		r.role = lx.appositive(w[j+1:])
	}
	return r
}

// appositive reads a role after a name and a comma: "le chef de l'Otan".
func (lx *lexicon) appositive(w []token) string {
	k := 0
	if k < len(w) && lx.articles[w[k].low] {
		k++
	}
	if k >= len(w) || !lx.isRole(w[k]) {
		return ""
	}
	from := k
	for k < len(w) && k-from < 8 && w[k].kind == tWord && (!lx.stops[w[k].low] || lx.connectors[w[k].low]) && !lx.verbs[w[k].low] {
		k++
	}
	return words(w[from:k])
}

// subjectBefore reads the subject of a speech verb from the words before
// it: the name, role or pronoun next to the verb ("Генсек НАТО Марк Рютте
// заявил", "Le secrétaire général de l'Otan, Mark Rutte, a déclaré"), else
// the phrase opening the sentence ("Rutte, Brüksel'de …, şunları söyledi").
func (lx *lexicon) subjectBefore(w []token) ref {
	for len(w) > 0 && (w[len(w)-1].kind == tWord && lx.skip[w[len(w)-1].low] && lx.pronouns[w[len(w)-1].low] == unknown || isPause(w[len(w)-1])) {
		w = w[:len(w)-1]
	}
	if len(w) == 0 {
		return ref{}
	}
	last := w[len(w)-1]
	if g, ok := lx.pronouns[last.low]; ok {
		return ref{kind: refPronoun, word: last.low, gender: g, pos: last.start}
	}
	if lx.nameWord(last, false) || lx.isRole(last) {
		k := len(w) - 1
		for k > 0 && (lx.nameWord(w[k-1], false) || lx.particles[w[k-1].low] && k > 1 && lx.nameWord(w[k-2], false)) {
			k--
		}
		// Back over the role, and one comma right before the name.
		j := k
		if j > 0 && w[j-1].text == "," {
			j--
		}
		for j > 0 && k-j < 10 && w[j-1].kind == tWord && (!lx.stops[w[j-1].low] || lx.connectors[w[j-1].low]) {
			j--
		}
		for i := j; i < k; i++ {
			if lx.isRole(w[i]) || lx.articles[w[i].low] || lx.genitiveRole(w, i) > i {
				if r := lx.phrase(w[i:], false); r.kind != refNone {
					return r
				}
				break
			}
		}
		if r := lx.phrase(w[k:], false); r.kind != refNone {
			return r
		}
	}
	if r := lx.phrase(w, false); r.kind == refName || r.kind == refPronoun {
		return r
	}
	return ref{}
}

// frameAt returns the length of the "according to" frame that opens w, or 0.
func (lx *lexicon) frameAt(w []token) int {
	for _, f := range lx.frames {
		if len(w) <= len(f) {
			continue
		}
		ok := true
		for i, word := range f {
			ok = ok && w[i].kind == tWord && w[i].low == word
		}
		if ok {
			return len(f)
		}
	}
	return 0
}

// framed reads the speaker after an "according to" frame; Ukrainian and
// Russian put the name in the genitive ("за словами Зеленського").
func (lx *lexicon) framed(w []token) ref {
	r := lx.phrase(w, true)
	if r.kind == refName && lx.cyrillic {
		for i, n := range r.name {
			r.name[i] = lx.nominative(n)
		}
	}
	return r
}

// postFramed reads a frame that follows the name: "Rutte'ye göre",
// "Rutte'nin açıklamasına göre", "Rutte zufolge".
func (lx *lexicon) postFramed(w []token) ref {
	for i := 1; i < len(w); i++ {
		if !lx.postFrames[w[i].low] {
			continue
		}
		k := i - 1
		if !lx.nameWord(w[k], true) && k > 0 && lx.nameWord(w[k-1], true) {
			k-- // "Rutte'nin açıklamasına göre"
		}
		if !lx.nameWord(w[k], true) {
			continue
		}
		from := k
		for from > 0 && (lx.nameWord(w[from-1], false) || lx.isRole(w[from-1]) || isAcronym(w[from-1])) {
			from--
		}
		if r := lx.phrase(w[from:k+1], true); r.kind == refName {
			if from == k || !lx.isRole(w[from]) && !isAcronym(w[from]) {
				r.role = ""
			}
			return r
		}
	}
	return ref{}
}

// verbIndex returns the index of the first (or, with last, the final)
// speech verb among the first limit tokens of w, or -1.
func (lx *lexicon) verbIndex(w []token, limit int, last bool) int {
	found := -1
	for k := 0; k < len(w) && k < limit; k++ {
		verb := w[k].kind == tWord && (lx.verbs[w[k].low] || lx.speechPhrase(w, k))
		if verb && (!w[k].isCap() || k == 0) {
			found = k
			if !last {
				return k
			}
		}
	}
	return found
}

// verbGender tells a speaker's gender from a Ukrainian or Russian past
// verb: "заявила" is said by a woman, "заявив" and "заявил" by a man.
func (lx *lexicon) verbGender(w string) gender {
	if !lx.cyrillic || !lx.verbs[w] {
		return unknown
	}
	switch {
	case strings.HasSuffix(w, "ла"):
		return female
	case strings.HasSuffix(w, "л"), strings.HasSuffix(w, "в"):
		return male
	}
	return unknown
}

// isRole reports whether a word names an office or qualifies one:
// "генсек", "secrétaire", "NATO-Generalsekretär", "Sekreteri".
func (lx *lexicon) isRole(t token) bool {
	if t.kind != tWord {
		return false
	}
	if lx.roles[t.low] {
		return true
	}
	part := t.low[strings.LastIndex(t.low, "-")+1:]
	if part != t.low && lx.roles[part] {
		return true // "vice-président", "Ex-Kanzler"
	}
	for _, s := range lx.titleSuffixes {
		if strings.HasSuffix(part, s) {
			return true
		}
	}
	return false
}

// nameWord reports whether a word can be part of a person's name: a
// capitalised word that is no role, acronym or function word. A Turkish
// word with a case suffix ("Brüksel'de") names no subject; in a frame it
// may ("Rutte'ye göre").
func (lx *lexicon) nameWord(t token, suffixed bool) bool {
	if !t.isCap() || isAcronym(t) || lx.isRole(t) || lx.stops[t.low] || lx.articles[t.low] ||
		lx.skip[t.low] || lx.verbs[t.low] || lx.frameWord(t.low) {
		return false
	}
	if _, ok := lx.pronouns[t.low]; ok {
		return false
	}
	return suffixed || !lx.verbFinal || !strings.ContainsAny(t.text, "'’")
}

func (lx *lexicon) frameWord(w string) bool {
	for _, f := range lx.frames {
		if f[0] == w {
			return true
		}
	}
	return false
}

// nameText returns a name word without a Turkish case suffix.
func (lx *lexicon) nameText(t token) string {
	if lx.verbFinal {
		if i := strings.IndexAny(t.text, "'’"); i > 0 {
			return t.text[:i]
		}
	}
	return t.text
}

// isAcronym reports whether a word is written in capitals: "НАТО", "OTAN".
func isAcronym(t token) bool {
	n := 0
	for _, c := range t.text {
		if unicode.IsLower(c) {
			return false
		}
		if unicode.IsLetter(c) {
			n++
		}
	}
	return t.kind == tWord && n >= 2
}

func isDashToken(t token) bool {
	return t.kind == tPunct && isDash([]rune(t.text)[0])
}

// buildIntlRegistry collects the people of an article in a language with
// a lexicon: those the attributions name, and those the writer names with
// a role or next to a speech verb. Other capitalised words are left out:
// German capitalises its nouns, and a Slavic name in another case than
// the nominative would make a second person.
func buildIntlRegistry(d *doc, cs []candidate) *registry {
	lx := d.lx
	var found []ref
	for _, c := range cs {
		if c.ref.kind == refName {
			found = append(found, c.ref)
		}
	}
	for i := 0; i < len(d.toks); i++ {
		t := d.toks[i]
		if !lx.nameWord(t, false) || d.quoted(t.start) {
			continue
		}
		first := d.paraStart(i)
		if i > first && (lx.nameWord(d.toks[i-1], false) || lx.stops[d.toks[i-1].low]) {
			continue
		}
		end := d.paraEnd(i)
		j := i
		for j < end && lx.nameWord(d.toks[j], false) {
			j++
		}
		from := i
		for from > first && i-from < 8 && d.toks[from-1].kind == tWord && !lx.stops[d.toks[from-1].low] {
			from--
		}
		for from < i && !lx.isRole(d.toks[from]) {
			from++
		}
		if from < i {
			from = lx.roleStart(d.toks, first, from)
		}
		verbAfter := j < end && lx.verbs[d.toks[j].low]
		verbBefore := i > first && lx.verbs[d.toks[i-1].low]
		if from == i && !verbAfter && !verbBefore {
			i = j - 1
			continue
		}
		if r := lx.phrase(d.toks[from:end], false); r.kind == refName {
			if verbAfter {
				r.gender = lx.verbGender(d.toks[j].low)
			}
			found = append(found, r)
		}
		i = j - 1
	}
	// The name that opens a sentence is its subject, in the nominative: "Le
	// secrétaire général de l'Otan, Mark Rutte, a mis en garde".
	for i := range d.toks {
		if (i == d.paraStart(i) || d.toks[i-1].isSentenceEnd()) && !d.quoted(d.toks[i].start) {
			if r := lx.phrase(d.toks[i:d.paraEnd(i)], false); r.kind == refName {
				// A single word without a role may be an adverb or a noun
				// ("Найпомітніше подорожчали овочі"): it counts only for a
				// person named otherwise.
				r.weak = len(r.name) == 1 && r.role == ""
				found = append(found, r)
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].pos < found[j].pos })

	g := &registry{}
	owner := make([]int, len(found))
	for i, r := range found {
		owner[i] = -1
		if len(r.name) > 1 {
			owner[i] = g.addName(r.name)
		}
	}
	for i, r := range found {
		p := owner[i]
		if p < 0 {
			if p = g.lookup(r.name, r.pos); p < 0 {
				if r.weak {
					continue
				}
				p = g.addName(r.name)
			}
		}
		g.addRole(p, r.role)
		for _, w := range strings.Fields(strings.ToLower(r.role)) {
			if a := lx.roleAliases[w]; a != "" {
				g.people[p].roleWords[a] = true // "генсек" is a "секретар"
			}
		}
		g.mentions = append(g.mentions, mention{pos: r.pos, person: p, subject: true})
		switch r.gender {
		case male:
			g.people[p].he++
		case female:
			g.people[p].she++
		}
	}
	sort.SliceStable(g.mentions, func(i, j int) bool { return g.mentions[i].pos < g.mentions[j].pos })
	for i := range g.people {
		g.people[i].settleGender()
	}
	return g
}

// unroled finds whom a definite description at pos ("le président
// français") refers to when no one was named with its role: the latest
// person of the paragraph named as a subject without a role, whose office
// the writer takes the reader to know ("Emmanuel Macron … a annoncé …
// « … », a plaidé le président français").
func (d *doc) unroled(g *registry, pos int) int {
	para := d.toks[d.tokenAt(pos)].para
	for k := g.before(pos) - 1; k >= 0; k-- {
		m := g.mentions[k]
		if d.toks[d.tokenAt(m.pos)].para != para {
			break
		}
		if m.subject && g.people[m.person].role == "" {
			return m.person
		}
	}
	return -1
}
